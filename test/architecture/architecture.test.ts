/** The shape of src/: layering without circles, and AMI families compared nowhere but in their modules. */
import * as fs from 'fs';
import * as path from 'path';
import { assembleTemplate, DuplicateLogicalIdError, mergeResources } from '../../src/cfn/template';
import { AMI_FAMILIES } from '../../src/config/types';
import { FAMILIES } from '../../src/families';
import { importCycles, importGraph, SRC } from './imports';

describe('imports', () => {
  it('finds the imports it looks for (type imports and lazy imports included)', () => {
    const graph = importGraph();
    expect(graph.get('cli')).toEqual(expect.arrayContaining(['commands/index', 'errors']));
    expect(graph.get('families/family')).toEqual(expect.arrayContaining(['config/types', 'problems']));
  });

  it('detects a circle when there is one', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('has no import circles in src/, type imports included', () => {
    expect(importCycles(importGraph())).toEqual([]);
  });
});

describe('AMI families', () => {
  it('have a module each, registered by their config name', () => {
    expect(Object.keys(FAMILIES)).toEqual([...AMI_FAMILIES]);
    for (const [name, family] of Object.entries(FAMILIES)) expect(family.name).toBe(name);
  });

  it('are compared by name nowhere outside src/families (and the config type that lists them)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        const rel = path.relative(SRC, full);
        if (e.isDirectory()) {
          if (rel !== 'families') walk(full);
          continue;
        }
        if (!e.name.endsWith('.ts') || e.name.endsWith('.generated.ts')) continue;
        fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
          if (/amiFamily\s*[!=]==|===?\s*'(AmazonLinux2023|AmazonLinux2|Bottlerocket)'|case '(AmazonLinux2023|AmazonLinux2|Bottlerocket)'/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
      }
    };
    walk(SRC);
    expect(offenders).toEqual([]);
  });
});

describe('templates', () => {
  it('refuse a logical id used by two resources, instead of keeping only the last', () => {
    expect(() => mergeResources({ A: 1, B: 2 }, { C: 3 }, { B: 4 })).toThrow(DuplicateLogicalIdError);
    expect(() => assembleTemplate({ description: 'd', parameters: {}, resources: [{ Role: { Type: 'AWS::IAM::Role' } }, { Role: { Type: 'AWS::IAM::Role' } }] })).toThrow('logical id Role is used by two resources');
    expect(mergeResources({ A: 1 }, { B: 2 })).toEqual({ A: 1, B: 2 });
  });
});
