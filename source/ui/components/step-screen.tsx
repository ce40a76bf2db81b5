import {Box, Text} from 'ink';
import type {Cause, StepNumber} from '../../core/types.js';
import type {KeyView, SourceRow} from '../../core/wizard/key-views.js';
import type {DocLink} from '../../core/wizard/guidance.js';
import type {ProbeRow} from '../../core/wizard/probe-rows.js';
import type {GivenAnswer, Question} from '../../core/wizard/questions.js';
import type {StepLead} from '../../core/wizard/step-lead.js';
import {wizardSteps, type PlannedCheck, type StepPanel} from '../../core/wizard/steps.js';
import {useTheme} from '../theme.js';
import {CauseList, CauseView} from './cause-view.js';
import {AppErrorPanel, CurlPanel, DocsPanel, RotatePanel} from './guidance-panels.js';
import {KeysPanel} from './keys-panel.js';
import {LeadView} from './lead-view.js';
import {Paragraph} from './paragraph.js';
import {PlannedChecks} from './planned-checks.js';
import {ProbeList} from './probe-list.js';
import {QuestionView} from './question-view.js';
import {SourcesTable} from './sources-table.js';

/** What a step screen shows; computed by the wizard hook. */
export type StepScreenProps = {
	step: StepNumber;
	lead: StepLead;
	/** Every cause so far, most likely first. */
	causes: readonly Cause[];
	rows: readonly ProbeRow[];
	planned: readonly PlannedCheck[];
	keys: readonly KeyView[];
	sources: readonly SourceRow[];
	question?: Question;
	given: readonly GivenAnswer[];
	says?: string;
	appError?: string;
	errorSetAside: boolean;
	rotation: {applies: boolean; oldKeys: readonly string[]};
	running: boolean;
	showDetails: boolean;
	/** The page's width in columns. */
	width: number;
	/** The command to repeat the live check by hand; none while the host waits for the user's word. */
	curl?: string;
	/** Why there is no command yet. */
	curlNote?: string;
	baseUrl: string;
	docs: readonly DocLink[];
	/** The key that copies a command shown on this screen (`c`, `c2`…). */
	copyKeyOf(text: string): string | undefined;
};

/**
 * One of the five steps, answer first: what the step found (title, one line of evidence,
 * the first fix and its command), then its panels as compact rows, then everything in
 * full: the causes, the checks, what is not checked yet. Panels and questions come from
 * the step table, the lead from the causes that belong to the step.
 */
export function StepScreen(props: StepScreenProps) {
	const theme = useTheme();
	const spec = wizardSteps[props.step];
	const mine = spec.lead === 'verdict' ? [] : props.causes.filter(cause => cause.step === props.step);
	const panel = (name: StepPanel) => {
		switch (name) {
			case 'keys':
			case 'live-keys':
				return <KeysPanel keys={props.keys} searching={props.running} />;
			case 'questions':
				return props.question || props.given.length > 0 || props.says ? <QuestionView question={props.question} given={props.given} says={props.says} /> : null;
			case 'sources':
				return <SourcesTable rows={props.sources} width={props.width} searching={props.running} />;
			case 'app-error':
				return <AppErrorPanel shown={props.appError} setAside={props.errorSetAside} />;
			case 'curl':
				return props.curl ? <CurlPanel command={props.curl} copyKey={props.copyKeyOf(props.curl)} /> : props.curlNote ? <Paragraph color={theme.paint('muted')}>{props.curlNote}</Paragraph> : null;
			case 'docs':
				return <DocsPanel baseUrl={props.baseUrl} links={props.docs} />;
			case 'rotate':
				return <RotatePanel oldKeys={props.rotation.oldKeys} applies={props.rotation.applies} copyKeyOf={props.copyKeyOf} />;
		}
	};

	return (
		<Box flexDirection="column" rowGap={1}>
			<Box flexDirection="column">
				<Text bold color={theme.paint('heading')} wrap="truncate-end">
					Step {props.step} of 5 {theme.icons.separator} {spec.heading}
				</Text>
				{props.showDetails ? <Paragraph color={theme.paint('muted')}>{spec.intro}</Paragraph> : null}
				<LeadView lead={props.lead} copyKey={props.lead.command ? props.copyKeyOf(props.lead.command.text) : undefined} />
				{props.lead.more > 0 ? <Text color={theme.paint('muted')}>{`+ ${props.lead.more} more ${props.lead.more === 1 ? 'cause' : 'causes'} at this step, below`}</Text> : null}
			</Box>
			{spec.panels.map(name => {
				const shown = panel(name);
				return shown ? <Box key={name}>{shown}</Box> : null;
			})}
			{spec.lead === 'verdict' && props.causes.length > 0 ? (
				<Box flexDirection="column">
					<Text bold>{`Causes found${props.running ? ' so far' : ''} (l: the cause list)`}</Text>
					<CauseList causes={props.causes} />
				</Box>
			) : null}
			{mine.length > 0 ? (
				<Box flexDirection="column">
					<Text bold color={theme.paint('fail')}>
						Found at this step{props.running ? ' so far' : ''}, in full
					</Text>
					{mine.map((cause, index) => (
						<CauseView key={cause.id} cause={cause} rank={index + 1} copyKeyOf={props.copyKeyOf} />
					))}
				</Box>
			) : null}
			<ProbeList rows={props.rows} showDetails={props.showDetails} />
			<PlannedChecks checks={props.planned} showDetails={props.showDetails} />
		</Box>
	);
}
