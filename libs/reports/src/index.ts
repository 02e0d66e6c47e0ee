// @waymark/reports: the workbooks Waymark produces (exceljs), starting with the board progress report.
export * from './annual-report.document';
export * from './annual-return.workbook';
export * from './board-report.assess';
export * from './board-report.data';
export * from './board-report-delivery.service';
export * from './board-report.service';
export * from './board-report.workbook';
export * from './charts';
export * from './kpi-sheet';
export * from './reports.module';
export * from './review-pack.data';
export * from './review-pack.document';
export * from './review-pack.service';
export * from './review-pack.workbook';
export * from './suppression';
