// A column's name as Import and Map show it: on one line. A header cell typed over two lines (Alt+Enter:
// 'Employee⏎ID') keeps its break in the name, since mappings are saved under the name as read; shown as is,
// it split the grid's header, the column statistics and the column picker over two lines. Its breaks and
// other control characters are shown as the CLI prints them (Employee\nID: showControls), so the name
// on screen and in the terminal read alike. For display only: values, keys and titles keep the name itself.
import { showControls } from '../../src-shared/util/showControls';

export function columnNameShown(name: string): string {
  return showControls(name);
}
