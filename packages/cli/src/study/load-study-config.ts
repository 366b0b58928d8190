import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseStudyConfig, type StudyConfig } from './study-config.js';
import { StudyConfigError } from './study-config-error.js';

/** Makes the config's relative paths absolute, against `base` (the config file's folder). */
export function resolveStudyPaths(config: StudyConfig, base: string): StudyConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const data =
    config.data.kind === 'synthetic' ? config.data : { ...config.data, root: at(config.data.root) };
  const model =
    config.model.from === 'checkpoint'
      ? { ...config.model, checkpoint: at(config.model.checkpoint), tokenizer: at(config.model.tokenizer) }
      : config.model;
  return { ...config, data, model, output: at(config.output) };
}

/**
 * Reads and validates a study config file: YAML (`.yaml`, `.yml`) or JSON (`.json`; any other
 * extension is read as YAML, of which JSON is a subset). Relative paths in it (data root,
 * checkpoint, tokenizer, output) are resolved against the file's folder. A syntax error or a bad
 * field is a {@link StudyConfigError} naming the file and the field.
 */
export async function loadStudyConfig(path: string): Promise<StudyConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the study config ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new StudyConfigError(
      '',
      `not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      path,
    );
  }
  let config: StudyConfig;
  try {
    config = parseStudyConfig(value);
  } catch (error) {
    if (error instanceof StudyConfigError) throw new StudyConfigError(error.path, error.problem, path);
    throw error;
  }
  return resolveStudyPaths(config, dirname(resolve(path)));
}
