/** The `yaml` package, loaded only when an aws-auth document is read or edited: at start-up it costs ~45 ms, for every command. */
import type * as YamlModule from 'yaml';

export function yamlPackage(): typeof YamlModule {
  return require('yaml') as typeof YamlModule;
}
