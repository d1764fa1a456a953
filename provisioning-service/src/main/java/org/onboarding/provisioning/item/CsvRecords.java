package org.onboarding.provisioning.item;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.onboarding.provisioning.api.Problems;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV text into records with jackson-dataformat-csv (RFC 4180: quoted fields, doubled quotes, CRLF/LF,
 * newlines inside quotes; spaces around a separator are ignored). Malformed quoting is an error, never guessed at:
 * a quote that is never closed, text after a closing quote, or a quote inside an unquoted field (the parser itself
 * keeps such a quote as text, so that one is checked here against where the field starts). Errors are located as
 * {@code ["body", <line>, <column>]}: the column's header name, or its position (from 1) where there is none.
 */
final class CsvRecords {

    /** One record and the physical line (from 1) it starts on. */
    record Line(int number, List<String> values) {
        boolean isBlank() {
            return values.size() == 1 && values.get(0).isBlank();
        }
    }

    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private CsvRecords() {
    }

    /** The records of {@code text} (header first); when a problem is reported the rest of the text is not read. */
    static List<Line> read(Problems problems, String text) {
        int firstLineEnd = text.indexOf('\n');
        String headerLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
        // spreadsheets set to French locales export with ';'
        char separator = headerLine.indexOf(';') >= 0 && headerLine.indexOf(',') < 0 ? ';' : ',';
        List<Line> lines = new ArrayList<>();
        List<String> header = List.of();
        List<String> values = null;
        int lineNumber = 0;
        try (CsvParser parser = MAPPER.getFactory().createParser(new StringReader(text))) {
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
            while (true) {
                JsonLocation before = parser.currentLocation();
                JsonToken token;
                try {
                    token = parser.nextToken();
                } catch (StreamReadException e) {
                    int column = values == null ? 0 : values.size();
                    boolean unclosed = e.getOriginalMessage().startsWith("Missing closing quote");
                    JsonLocation at = unclosed ? before : e.getLocation();
                    String reason = unclosed
                            ? "a quoted field opened at line " + at.getLineNr() + ", character " + at.getColumnNr()
                              + " has no closing quote"
                            : "unexpected text after the closing quote of a field at line " + at.getLineNr()
                              + ", character " + at.getColumnNr();
                    problems.valueError(List.of("body", at.getLineNr(), columnName(header, column)), null, reason);
                    return lines;
                }
                if (token == null) {
                    return lines;
                }
                if (token == JsonToken.START_ARRAY) {
                    values = new ArrayList<>();
                    lineNumber = 0;
                } else if (token == JsonToken.END_ARRAY) {
                    if (lines.isEmpty()) {
                        header = values;
                    }
                    lines.add(new Line(lineNumber, values));
                    values = null;
                } else if (token == JsonToken.VALUE_STRING && values != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    String value = parser.getText();
                    if (lineNumber == 0) {
                        lineNumber = at.getLineNr();
                    }
                    int start = (int) at.getCharOffset();
                    boolean quoted = start >= 0 && start < text.length() && text.charAt(start) == '"';
                    if (!quoted && value.indexOf('"') >= 0) {
                        problems.valueError(List.of("body", at.getLineNr(), columnName(header, values.size())), value,
                                "a quote inside an unquoted field at line " + at.getLineNr() + ", character "
                                + at.getColumnNr() + " (quote the whole field and double the quotes inside it)");
                    }
                    values.add(value);
                }
            }
        } catch (IOException e) {
            // reading a String cannot fail; a parser error is reported above
            problems.valueError(List.of("body"), null, "the file could not be read as CSV");
            return lines;
        }
    }

    private static Object columnName(List<String> header, int index) {
        if (index < header.size()) {
            String name = header.get(index).trim().toLowerCase(java.util.Locale.ROOT);
            if (!name.isEmpty()) {
                return name;
            }
        }
        return index + 1;
    }
}
