/**
 * A file source in the report form of DESIGN.md (`file:.env:3`, `profile:~/.bashrc:12`)
 * as a person reads a place in a file (`.env:3`); the report's `source` fields keep the form.
 */
const reportFormFileSource = /(^|[\s(\[])(?:file|profile):(?=\S*?:\d)([^\s,;)\]]+?:\d+(?:-\d+)?)(?=$|[\s,;.)\]:])/g;

/** `env:OPENAI_API_KEY` in the report form: the variable as a shell writes it, `$OPENAI_API_KEY`. */
const reportFormEnvSource = /(^|[\s(\[])env:([A-Za-z_]\w*)(?=$|[\s,;.)\]:])/g;

/** Evidence and fix lines with file sources written as places in files, and variables as a shell writes them. */
export function readableSources(text: string): string {
	return text.replace(reportFormFileSource, '$1$2').replace(reportFormEnvSource, '$1$$$2');
}
