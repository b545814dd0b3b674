/** The XLSX media type, apart from the writer so that routes can name it without loading ExcelJS. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
