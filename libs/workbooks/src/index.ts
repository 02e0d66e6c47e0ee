// @waymark/workbooks: the spreadsheet building blocks (exceljs styles) and the lead's own workbook, which
// chasing attaches and inbound mail reads back; the board report (libs/reports) builds on the same styles.
export * from './layout';
export * from './lead-workbook';
export * from './workbook-styles';
export * from './provider-workbook';
export * from './returned-workbook';
export * from './zip-guard';
export * from './streamed-workbook';
