import {describe, expect, it} from 'vitest';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {diagnoseProject} from '../../helpers/fake-project.js';

const A = makeProjectKey(9601);
const config = 'from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n    openai_api_key: str\n\nsettings = Settings()\n';

describe('a .env read into a settings object reaches only the code that asks the object', () => {
	it('pydantic-settings and OpenAI(): dotenv-not-loaded, saying the values stay in the settings object, and how to hand the key over', async () => {
		const {causes} = await diagnoseProject({files: {'config.py': config, 'main.py': 'from openai import OpenAI\nfrom config import settings\n\nclient = OpenAI()\n', '.env': `OPENAI_API_KEY=${A}\n`}});
		const cause = causes.find(item => item.id === 'dotenv-not-loaded');
		expect(cause, JSON.stringify(causes.map(item => item.id))).toBeDefined();
		expect(cause!.evidence.join('\n')).toContain('config.py:4 reads it with pydantic-settings env_file, which keeps the values to itself and never sets OPENAI_API_KEY in the environment, where main.py:4 OpenAI() looks for it');
		expect(cause!.fix[0]).toContain('OpenAI(api_key=settings.openai_api_key)');
		expect(cause!.snippets[0]).toMatchObject({id: 'python-pass-key', text: 'client = OpenAI(api_key=settings.openai_api_key)'});
		expect(cause!.snippets.map(snippet => snippet.text).join('\n')).toContain('load_dotenv()');
		expect(cause!.snippets.map(snippet => snippet.text)).not.toContain('pip install python-dotenv');
	});

	it('the key handed over from the settings object (or python-decouple config()), or os.environ.update(dotenv_values()): loaded', async () => {
		const setups: Array<Record<string, string>> = [
			{'config.py': config, 'main.py': 'from openai import OpenAI\nfrom config import settings\n\nclient = OpenAI(api_key=settings.openai_api_key)\n'},
			{'main.py': 'from decouple import config\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=config("OPENAI_API_KEY"))\n'},
			{'main.py': 'import os\nfrom dotenv import dotenv_values\nfrom openai import OpenAI\n\nos.environ.update(dotenv_values(".env"))\nclient = OpenAI()\n'},
		];
		for (const files of setups) {
			const {causes} = await diagnoseProject({files: {...files, '.env': `OPENAI_API_KEY=${A}\n`}});
			expect(causes.map(cause => cause.id)).not.toContain('dotenv-not-loaded');
		}
	});
});

describe("Next.js hands client components ('use client') only NEXT_PUBLIC_ variables", () => {
	const pkg = JSON.stringify({name: 'web', dependencies: {next: '15.0.3', react: '19.0.0'}});
	const page = `'use client';\n\nexport default function Page() {\n  const ask = () => fetch('https://api.openai.com/v1/models', {headers: {Authorization: \`Bearer \${process.env.OPENAI_API_KEY}\`}});\n  return <button onClick={ask}>Ask</button>;\n}\n`;

	it('the key read only in a client component: dotenv-not-loaded, with a route handler as the fix', async () => {
		const {causes} = await diagnoseProject({files: {'package.json': pkg, 'app/page.tsx': page, '.env.local': `OPENAI_API_KEY=${A}\n`}});
		const cause = causes.find(item => item.id === 'dotenv-not-loaded');
		expect(cause, JSON.stringify(causes.map(item => item.id))).toBeDefined();
		expect(cause!.evidence.join('\n')).toContain("Next.js writes into client components ('use client') only the variables whose names start with NEXT_PUBLIC_, and the code reads OPENAI_API_KEY in one (app/page.tsx:4)");
		expect(cause!.fix.join('\n')).toContain('route handler');
		expect(cause!.fix.join('\n')).toContain('NEXT_PUBLIC_OPENAI_API_KEY');
	});

	it('read in a route handler (or a comment above the directive), it is loaded', async () => {
		const route = "import OpenAI from 'openai';\n\nexport async function GET() {\n  const openai = new OpenAI({apiKey: process.env.OPENAI_API_KEY});\n  return Response.json(await openai.models.list());\n}\n";
		const {causes} = await diagnoseProject({files: {'package.json': pkg, 'app/page.tsx': "export default function Page() { return null; }\n", 'app/api/models/route.ts': route, '.env.local': `OPENAI_API_KEY=${A}\n`}});
		expect(causes.map(cause => cause.id)).not.toContain('dotenv-not-loaded');
		const commented = `/** The page. */\n${page}`;
		const withComment = await diagnoseProject({files: {'package.json': pkg, 'app/page.tsx': commented, '.env.local': `OPENAI_API_KEY=${A}\n`}});
		expect(withComment.causes.map(cause => cause.id)).toContain('dotenv-not-loaded');
	});
});
