"""Words, tables, charts and files made from results: sentences, cards, PDF, Word, workbook."""
