/**
 * A merge changes nothing it does not need to (issue 13): in every YAML ConfigMap of the corpus,
 * every scalar eksng does not own — labels, annotations, other data keys, in their own spelling —
 * comes out of a merge with the same text, so any YAML reader (kubectl's YAML 1.1 included) reads
 * the same type and value. eksng owns data.mapRoles and removes only server-managed metadata.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, Node, parseDocument } from 'yaml';
import { produceAwsAuth } from '../../src/aws-auth';
import { LAST_APPLIED, readCurrentAwsAuth, SERVER_MANAGED_METADATA } from '../../src/aws-auth/current';

const FIXTURES = path.join(__dirname, '../fixtures/aws-auth');
const KEEP = [{ nodeGroup: 'workers', arn: 'arn:aws:iam::111122223333:role/prod-workers-NodeRole' }];

/** Every scalar of a YAML text as written (failsafe: no type resolution), by its path. */
function scalars(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown, at: string): void => {
    if (isMap(node)) for (const pair of node.items) walk(pair.value, `${at}/${isScalar(pair.key) ? String(pair.key.value) : '?'}`);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (isScalar(node)) found.set(at, `${String(node.type)} ${String(node.value)}`);
  };
  walk(parseDocument(text, { schema: 'failsafe' }).contents as Node, '');
  return found;
}

const owned = (at: string) =>
  at === '/data/mapRoles' || SERVER_MANAGED_METADATA.some((k) => at === `/metadata/${k}` || at.startsWith(`/metadata/${k}/`)) || at === `/metadata/annotations/${LAST_APPLIED}`;

const yamlCases = readdirSync(FIXTURES).filter((name) => readdirSync(path.join(FIXTURES, name)).includes('current.yaml')).sort();

describe.each(yamlCases)('merging into %s', (name) => {
  it('keeps every scalar it does not own with its text and style', () => {
    const text = readFileSync(path.join(FIXTURES, name, 'current.yaml'), 'utf8');
    const read = readCurrentAwsAuth(text);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const { content } = produceAwsAuth(KEEP, [], { awsAuth: read.current, file: 'current.yaml' });
    const before = [...scalars(text)].filter(([at]) => !owned(at));
    const after = scalars(content);
    expect(before.length).toBeGreaterThan(0);
    for (const [at, value] of before) expect([at, after.get(at)]).toEqual([at, value]);
    for (const at of after.keys()) expect([at, owned(at) && at !== '/data/mapRoles']).toEqual([at, false]);
  });
});

describe('a ConfigMap with YAML-typed labels and annotations', () => {
  it('comes out with the date a date, yes a yes, 0x1F, 1e3 and 012 as written, and server metadata gone', () => {
    const text = readFileSync(path.join(FIXTURES, 'yaml-typed-scalars', 'current.yaml'), 'utf8');
    const read = readCurrentAwsAuth(text);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const { content } = produceAwsAuth(KEEP, [], { awsAuth: read.current, file: 'current.yaml' });
    for (const line of ['example.com/created: 2024-01-01', 'example.com/enabled: on', 'example.com/hex: 0x1F', 'example.com/exp: 1e3', 'example.com/octal: 012', 'example.com/nothing: ~', 'example.com/quoted: "yes"', 'example.com/reviewed: yes', 'example.com/owner: {team: platform, since: 2024-01-01}']) {
      expect(content).toContain(line);
    }
    for (const gone of ['resourceVersion', 'uid:', 'creationTimestamp', LAST_APPLIED]) expect(content).not.toContain(gone);
    expect(content).toContain('rolearn: arn:aws:iam::111122223333:role/prod-workers-NodeRole');
  });
});
