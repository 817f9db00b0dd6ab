/** IPv4 CIDR arithmetic for the checks (syntax is already guaranteed by the schema pattern). */
export interface Cidr {
  readonly address: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; null when an octet is over 255 or the prefix over 32. */
export function parseCidr(text: string): Cidr | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  return { address: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const size = 2 ** (32 - outer.prefix);
  return Math.floor(inner.address / size) === Math.floor(outer.address / size);
}

export function hasHostBits(c: Cidr): boolean {
  return c.address % 2 ** (32 - c.prefix) !== 0;
}

export function formatCidr(c: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.address / 2 ** shift) % 256);
  return `${octets.join('.')}/${c.prefix}`;
}

/** The `index`-th of the `2 ** extraBits` equal parts of `c` (its address must have no host bits). */
export function subnet(c: Cidr, extraBits: number, index: number): Cidr {
  const prefix = c.prefix + extraBits;
  return { address: c.address + index * 2 ** (32 - prefix), prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** The network address of `c` (host bits cleared). */
export function networkOf(c: Cidr): Cidr {
  const size = 2 ** (32 - c.prefix);
  return { address: Math.floor(c.address / size) * size, prefix: c.prefix };
}

/** The cluster DNS service IP that EKS assigns: the tenth address of the service CIDR. */
export function dnsClusterIp(serviceCidr: string): string {
  const octets = serviceCidr.split('/')[0].split('.').map(Number);
  return `${octets[0]}.${octets[1]}.${octets[2]}.${octets[3] + 10}`;
}
