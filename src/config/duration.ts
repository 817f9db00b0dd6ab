/** ISO 8601 durations as `updatePolicy.pauseTime` takes them (`PT1H2M3S`). */

/** Seconds of `PT…` durations; NaN for any other text. */
export function isoSeconds(iso: string): number {
  const m = /^PT(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?$/.exec(iso);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
}
