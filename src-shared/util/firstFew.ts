// "C2, C3, C4, … 12 in all": the first few of many, named, then how many there are when more were left
// out. Import warnings name cells and rows this way (workbook cells, repeated header rows, escaped cells).

export function firstFew(named: readonly (string | number)[], count: number): string {
  const more = count > named.length ? `, … ${count.toLocaleString('en-US')} in all` : '';
  return named.join(', ') + more;
}
