/**
 * Small helpers over cloudform's intrinsic functions, shared by the node-group and cluster stacks.
 * `Fn::Sub` is written in its short form (a plain string) when there are no variables: cloudform's
 * `Sub` always writes the list form.
 */
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { Ref } from 'cloudform-types/types/functions';

export function sub(text: string): IntrinsicFunction {
  return new IntrinsicFunction('Fn::Sub', text);
}

/** `${Name}` inside an `Fn::Sub` string. */
export const subRef = (name: string): string => `\${${name}}`;

/** `Fn::Sub` reads `${…}` as a reference; `${!…}` is how a template writes a literal `${`. */
export function escapeSub(text: string): string {
  return text.split('${').join('${!');
}

export { Ref };
