package cn.jiyuan.integrity.console.web;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A file to save, with its name in Chinese (RFC 6266 {@code filename*}). */
public final class Downloads {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private Downloads() {}

    public static ResponseEntity<byte[]> xlsx(byte[] body, String fileName) {
        return file(body, fileName, XLSX);
    }

    public static ResponseEntity<byte[]> pdf(byte[] body, String fileName) {
        return file(body, fileName, MediaType.APPLICATION_PDF);
    }

    public static ResponseEntity<byte[]> csv(byte[] body, String fileName) {
        return file(body, fileName, CSV);
    }

    private static ResponseEntity<byte[]> file(byte[] body, String fileName, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(body);
    }
}
