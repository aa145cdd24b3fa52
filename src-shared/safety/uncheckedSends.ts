// Said beside a preflight (the Run screen, the CLI's run and dry run) when earlier sends to the same LMS
// (through any connection to it) with the same template have no key to compare (src-main/safety/legacyRowKeys.ts): the "already sent"
// count cannot include them, and the admin should know before sending.
export function uncheckedSentence(n: number): string {
  return (
    `${n} ${n === 1 ? 'row' : 'rows'} of older jobs sent to this LMS with this template could not be checked: ` +
    `${n === 1 ? 'it was' : 'they were'} sent before Bulk Desk kept row keys, and neither ${n === 1 ? 'its' : 'their'} file nor ` +
    `${n === 1 ? 'its' : 'their'} stored request says what ${n === 1 ? 'it' : 'they'} acted on. A row of this file may repeat one of them.`
  );
}
