import {Box, Text} from 'ink';
import type {Cause, StepNumber} from '../../core/types.js';
import type {KeyView, SourceRow} from '../../core/wizard/key-views.js';
import type {DocLink} from '../../core/wizard/guidance.js';
import type {ProbeRow} from '../../core/wizard/probe-rows.js';
import type {HostQuestion} from '../../core/wizard/host-question.js';
import {wizardSteps, type PlannedCheck, type StepPanel, type WizardAnswers} from '../../core/wizard/steps.js';
import {useTheme} from '../theme.js';
import {CauseView} from './cause-view.js';
import {DashboardQuestion} from './dashboard-question.js';
import {HostQuestionPanel} from './host-question.js';
import {CurlPanel, DocsPanel, RotatePanel} from './guidance-panels.js';
import {KeysPanel} from './keys-panel.js';
import {PlannedChecks} from './planned-checks.js';
import {ProbeList} from './probe-list.js';
import {SourcesTable} from './sources-table.js';
import {Paragraph} from './paragraph.js';

/** What a step screen shows; computed by the wizard hook. */
export type StepScreenProps = {
	step: StepNumber;
	rows: readonly ProbeRow[];
	planned: readonly PlannedCheck[];
	/** Causes at this step, most likely first. */
	causes: readonly Cause[];
	keys: readonly KeyView[];
	askAbout?: KeyView;
	/** Step 3's question while it waits for an answer. */
	hostQuestion?: HostQuestion;
	sources: readonly SourceRow[];
	answers: WizardAnswers;
	running: boolean;
	showDetails: boolean;
	narrow: boolean;
	curl: string;
	baseUrl: string;
	docs: readonly DocLink[];
};

const panelsBeforeChecks: readonly StepPanel[] = ['keys', 'dashboard-question', 'sources', 'host-question', 'live-keys', 'rotate'];

/** One of the five steps: heading, what was found here, its panels and its probes. */
export function StepScreen(props: StepScreenProps) {
	const theme = useTheme();
	const spec = wizardSteps[props.step];
	const panel = (name: StepPanel) => {
		switch (name) {
			case 'keys':
				return <KeysPanel keys={props.keys} searching={props.running} showLive />;
			case 'dashboard-question':
				return <DashboardQuestion askAbout={props.askAbout} answers={props.answers} />;
			case 'host-question':
				return <HostQuestionPanel question={props.hostQuestion} answers={props.answers.hosts} />;
			case 'sources':
				return <SourcesTable rows={props.sources} narrow={props.narrow} searching={props.running} />;
			case 'live-keys':
				return <KeysPanel keys={props.keys} searching={props.running} showLive />;
			case 'curl':
				return <CurlPanel command={props.curl} />;
			case 'docs':
				return <DocsPanel baseUrl={props.baseUrl} links={props.docs} />;
			case 'rotate':
				return <RotatePanel answers={props.answers} oldKeys={props.keys.filter(key => key.usedByApp).map(key => key.fingerprint)} />;
		}
	};

	const before = spec.panels.filter(name => panelsBeforeChecks.includes(name));
	const after = spec.panels.filter(name => !panelsBeforeChecks.includes(name));
	return (
		<Box flexDirection="column" rowGap={1}>
			<Box flexDirection="column">
				<Paragraph bold color={theme.paint('heading')}>
					Step {props.step} of 5 {theme.icons.separator} {spec.heading}
				</Paragraph>
				<Paragraph color={theme.paint('muted')}>{spec.intro}</Paragraph>
			</Box>
			{before.map(name => (
				<Box key={name}>{panel(name)}</Box>
			))}
			{props.causes.length > 0 ? (
				<Box flexDirection="column">
					<Text bold color={theme.paint('fail')}>
						Found at this step{props.running ? ' so far' : ''}
					</Text>
					{props.causes.map((cause, index) => (
						<CauseView key={cause.id} cause={cause} rank={index + 1} brief={!props.showDetails && index > 0} showSnippets={props.showDetails} />
					))}
					{props.showDetails || !props.causes.some(cause => cause.snippets.length > 0) ? null : <Text color={theme.paint('muted')}>Copyable commands: Details, or the summary.</Text>}
				</Box>
			) : null}
			<ProbeList rows={props.rows} showDetails={props.showDetails} narrow={props.narrow} />
			<PlannedChecks checks={props.planned} narrow={props.narrow} />
			{after.map(name => (
				<Box key={name}>{panel(name)}</Box>
			))}
		</Box>
	);
}
