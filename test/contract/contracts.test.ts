/** The models read from src/families/contract: GIVEN a file WHEN read THEN typed, or an error naming the file and field. */
import { parseBootstrapContract, parseBottlerocketContract, parseKubeletContract, readContracts } from './contracts';

describe('contract models', () => {
  it('GIVEN the generator\'s model files WHEN read THEN each has what the readers rely on', () => {
    const c = readContracts();
    expect(c.kubelet.fields.maxPods?.type).toBe('integer');
    expect(c.kubelet.typeMeta).toEqual(['apiVersion', 'kind']);
    expect(c.nodeadm.requiredAfterMerge).toContain('spec.cluster.name');
    expect(c.bottlerocket.settings['registry-qps']?.type).toBe('integer');
    expect(c.bottlerocket.kubelet.registryPullQPS).toBe('registry-qps');
    expect(c.bottlerocket.hostContainerFields.enabled?.type).toBe('boolean');
    expect(c.bootstrap.positional).toEqual(['cluster-name']);
    expect(c.bootstrap.flags['--use-max-pods']?.argument).toBe(true);
    expect(c.bootstrap.flags['--help']?.argument).toBe(false); // alias of -h
    expect(c.bootstrap.rewrites.map((r) => r.field)).toEqual(expect.arrayContaining(['evictionHard', 'kubeReserved', 'maxPods']));
  });

  it('GIVEN a model of the wrong shape WHEN read THEN the error names the file and the field', () => {
    expect(() => parseKubeletContract({ typeMeta: [], fields: { maxPods: { type: 'int' } } })).toThrow(
      'kubelet-config-v1beta1.json.fields.maxPods.type: must be one of string, integer, number, boolean, duration, object, array, got "int"',
    );
    expect(() => parseBottlerocketContract({ settings: {}, kubelet: { maxPods: 1 }, hostContainers: { fields: {} } })).toThrow(
      'bottlerocket-kubernetes-settings.json.kubelet.maxPods: must be a string',
    );
    expect(() => parseBootstrapContract({ positional: [], flags: { '--x': {} }, rewrites: [] })).toThrow('bootstrap-sh-flags.json.flags.--x.argument: must be a boolean');
  });
});
