// What a workbook's numbers are shown with, known once the file is read: the same for every cell of it.
export interface BookFormatting {
  /** The workbook counts days from 1904 (old Mac Excel). */
  date1904: boolean;
  /**
   * SheetJS writes the file's numbers' text from their formats (.xlsx, .xls, Excel 2003 XML…): not an
   * OpenDocument file, whose cells carry the text the spreadsheet showed, nor HTML, which is text. Only
   * such text is mended here.
   */
  formattedHere: boolean;
}
