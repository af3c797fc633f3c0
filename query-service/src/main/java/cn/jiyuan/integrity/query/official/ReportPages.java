package cn.jiyuan.integrity.query.official;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A report written top to bottom on A4 pages in one embedded font (WenQuanYi Micro Hei, its subset): headings,
 * wrapped paragraphs, tables that continue on the next page with their header, bars, and a footer on every page. Only
 * what the two reports need.
 */
final class ReportPages implements AutoCloseable {

    static final float MARGIN = 50;
    static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float TOP = PDRectangle.A4.getHeight() - MARGIN;
    private static final float BOTTOM = MARGIN + 30;
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x66, 0x66, 0x66);
    static final Color RULE = new Color(0xCC, 0xCC, 0xCC);

    private static volatile byte[] fontFile;

    private final PDDocument doc = new PDDocument();
    private final TrueTypeCollection fonts;
    private final PDType0Font font;
    private final String footer;
    private final Map<Integer, Boolean> glyphs = new HashMap<>();
    private PDPageContentStream page;
    private float y;
    private int pages;

    /** One column of a table: its heading, its width in points, whether it is right-aligned (numbers). */
    record Column(String heading, float width, boolean right) {}

    ReportPages(String title, String footer) {
        this.footer = footer;
        try {
            fonts = new TrueTypeCollection(new ByteArrayInputStream(fontFile()));
            TrueTypeFont[] first = new TrueTypeFont[1];
            fonts.processAllFonts(f -> {
                if (first[0] == null) {
                    first[0] = f;
                }
            });
            font = PDType0Font.load(doc, first[0], true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the report font", e);
        }
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(title);
        info.setCreator("integrity-platform");
        doc.setDocumentInformation(info);
        newPage();
    }

    private static byte[] fontFile() throws IOException {
        byte[] bytes = fontFile;
        if (bytes == null) {
            try (InputStream in = ReportPages.class.getResourceAsStream("/fonts/wqy-microhei.ttc")) {
                if (in == null) {
                    throw new IOException("fonts/wqy-microhei.ttc is not on the classpath");
                }
                bytes = in.readAllBytes();
            }
            fontFile = bytes;
        }
        return bytes;
    }

    void newPage() {
        try {
            if (page != null) {
                writeFooter();
                page.close();
            }
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            page = new PDPageContentStream(doc, p);
            pages++;
            y = TOP;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves room for {@code height} points, starting a page when there is not. */
    void need(float height) {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    void space(float height) {
        y -= height;
    }

    float y() {
        return y;
    }

    void heading(String text, float size) {
        need(size * 1.8f);
        y -= size * 1.4f;
        text(MARGIN, y, text, size, INK);
        y -= size * 0.4f;
    }

    void centred(String text, float size, Color color) {
        need(size * 1.6f);
        y -= size * 1.4f;
        text(MARGIN + (WIDTH - width(text, size)) / 2, y, text, size, color);
    }

    /** A paragraph wrapped to the page's width (Chinese breaks between any two characters). */
    void paragraph(String text, float size, Color color) {
        for (String line : wrap(clean(text), size, WIDTH)) {
            need(size * 1.5f);
            y -= size * 1.5f;
            text(MARGIN, y, line, size, color);
        }
        y -= size * 0.4f;
    }

    /** Label and value on one line each, the labels in one column. */
    void facts(List<String[]> rows, float size) {
        for (String[] row : rows) {
            List<String> lines = wrap(clean(row[1]), size, WIDTH - 110);
            for (int i = 0; i < lines.size(); i++) {
                need(size * 1.6f);
                y -= size * 1.6f;
                if (i == 0) {
                    text(MARGIN, y, row[0], size, MUTED);
                }
                text(MARGIN + 110, y, lines.get(i), size, INK);
            }
        }
        y -= size * 0.6f;
    }

    /** A table; its header is repeated on every page it runs onto. */
    void table(List<Column> columns, List<List<String>> rows, float size) {
        header(columns, size);
        for (List<String> row : rows) {
            if (y - size * 1.7f < BOTTOM) {
                newPage();
                header(columns, size);
            }
            y -= size * 1.7f;
            cells(columns, row, size, INK);
        }
        y -= size;
    }

    private void header(List<Column> columns, float size) {
        need(size * 2.2f);
        y -= size * 1.7f;
        cells(columns, columns.stream().map(Column::heading).toList(), size, MUTED);
        rule(y - size * 0.5f);
    }

    private void cells(List<Column> columns, List<String> values, float size, Color color) {
        float x = MARGIN;
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String v = fit(clean(values.get(i)), size, c.width() - 6);
            text(c.right() ? x + c.width() - 6 - width(v, size) : x, y, v, size, color);
            x += c.width();
        }
    }

    void rule(float at) {
        try {
            page.setStrokingColor(RULE);
            page.setLineWidth(0.5f);
            page.moveTo(MARGIN, at);
            page.lineTo(MARGIN + WIDTH, at);
            page.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A filled rectangle, (x, y) its lower left corner. */
    void box(float x, float bottom, float w, float h, Color color) {
        try {
            page.setNonStrokingColor(color);
            page.addRect(x, bottom, w, h);
            page.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void text(float x, float at, String text, float size, Color color) {
        try {
            page.beginText();
            page.setNonStrokingColor(color);
            page.setFont(font, size);
            page.newLineAtOffset(x, at);
            page.showText(clean(text));
            page.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    float width(String text, float size) {
        try {
            return font.getStringWidth(clean(text)) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] finish() {
        try {
            writeFooter();
            page.close();
            page = null;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            doc.close();
            fonts.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeFooter() {
        text(MARGIN, MARGIN, fit(footer, 7, WIDTH - 40), 7, MUTED);
        String number = "第 " + pages + " 页";
        text(MARGIN + WIDTH - width(number, 7), MARGIN, number, 7, MUTED);
    }

    private List<String> wrap(String text, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            int i = 0;
            while (i < paragraph.length()) {
                int cp = paragraph.codePointAt(i);
                String next = line + new String(Character.toChars(cp));
                if (width(next, size) > maxWidth && !line.isEmpty()) {
                    lines.add(line.toString());
                    line = new StringBuilder();
                    continue;
                }
                line.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code text} cut with "…" to fit {@code maxWidth}. */
    private String fit(String text, float size, float maxWidth) {
        if (width(text, size) <= maxWidth) {
            return text;
        }
        String t = text;
        while (!t.isEmpty() && width(t + "…", size) > maxWidth) {
            t = t.substring(0, t.offsetByCodePoints(t.length(), -1) == 0 ? 0 : t.offsetByCodePoints(t.length(), -1));
        }
        return t + "…";
    }

    /** Characters the font has no glyph for become "?" (a page must never fail for one odd character). */
    private String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                s.append('\n');
                return;
            }
            boolean has = glyphs.computeIfAbsent(cp, c -> {
                try {
                    font.encode(new String(Character.toChars(c)));
                    return !Character.isISOControl(c);
                } catch (IOException | IllegalArgumentException e) {
                    return false;
                }
            });
            s.append(has ? new String(Character.toChars(cp)) : "?");
        });
        return s.toString();
    }
}
