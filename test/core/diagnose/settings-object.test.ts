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
		expect(cause!.snippets.map(snippet => snippet.text).join('\n')).toContain('load_dotenv()');
	});

	it('the key handed over from the settings object (or python-decouple config()), or os.environ.update(dotenv_values()): loaded', async () => {
		for (const files of [
			{'config.py': config, 'main.py': 'from openai import OpenAI\nfrom config import settings\n\nclient = OpenAI(api_key=settings.openai_api_key)\n'},
			{'main.py': 'from decouple import config\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=config("OPENAI_API_KEY"))\n'},
			{'main.py': 'import os\nfrom dotenv import dotenv_values\nfrom openai import OpenAI\n\nos.environ.update(dotenv_values(".env"))\nclient = OpenAI()\n'},
		]) {
			const {causes} = await diagnoseProject({files: {...files, '.env': `OPENAI_API_KEY=${A}\n`}});
			expect(causes.map(cause => cause.id)).not.toContain('dotenv-not-loaded');
		}
	});
});
