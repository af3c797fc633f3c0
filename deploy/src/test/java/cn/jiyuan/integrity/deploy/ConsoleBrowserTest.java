package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real Chromium (Debian's chromium and chromium-driver, nothing downloaded) against the real stack
 * with the demo data: the credit office approves a remedy and sees the unit's score change; a department reports a
 * fact through the form; a unit files an objection; a consumer without a purpose reads nothing. The numbers on the
 * pages are the API's. Every page is photographed at 1366×768 and at phone width into target/console-screenshots.
 * Without Chromium the tests report themselves skipped, with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path data;

    private LocalStack stack;
    private ChromeDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean signInPhotographed;
    private final LocalTokens tokens = LocalTokens.withDefaultSecret();

    @BeforeAll
    void startTheStackAndTheBrowser() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no Chromium at " + CHROMIUM + " with its driver at " + CHROMEDRIVER
                        + ": apt-get install chromium chromium-driver fonts-noto-cjk (.ci/run does)");
        stack = LocalStack.start(
                StackPorts.free().withConsole(data), new PrintStream(new ByteArrayOutputStream(), true));
        new DemoData(stack.ingestUrl(), stack.objectionUrl(), new PrintStream(new ByteArrayOutputStream(), true))
                .load(DemoData.today());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=zh-CN",
                "--window-size=1366,768",
                "--user-data-dir=" + data.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theCreditOfficeApprovesARemedyAndSeesTheScoreChange() throws Exception {
        // a unit of its own with one fact (4.1, −1 point), objected to and found true: awaiting the credit office
        String unit = "YYSH";
        HttpResponse<String> registered = api(
                "PUT",
                stack.ingestUrl().resolve("/api/v1/units/" + unit),
                token("XYB", "CREDIT_OFFICE"),
                "{\"name\":\"异议复核测试单位\",\"active\":true}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String eventId = newEventId();
        HttpResponse<String> reported =
                api("POST", stack.ingestUrl().resolve("/api/v1/events"), token("JGW", "PROVIDER"), """
                {"eventId":"%s","unitId":"%s","indicator":"4.1","outcome":"TALK_OR_CRITICISM",
                 "occurredOn":"%s","reference":"济纪发〔2026〕501号"}""".formatted(
                                eventId, unit, DemoData.today().minusDays(3)));
        assertThat(reported.statusCode()).as(reported.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> apiScore(unit).equals("99.00"));
        String[] objectionId = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> filed = api(
                    "POST",
                    stack.objectionUrl().resolve("/api/v1/objections"),
                    token(unit, "UNIT"),
                    "{\"eventId\":\"" + eventId + "\",\"reason\":\"谈话提醒系误记\"}");
            objectionId[0] = filed.statusCode() == 201 ? field(filed.body(), "objectionId") : null;
            return objectionId[0] != null; // 404 until the objection service has read the fact
        });
        HttpResponse<String> decided = api(
                "POST",
                stack.objectionUrl().resolve("/api/v1/objections/" + objectionId[0] + "/decision"),
                token("JGW", "PROVIDER"),
                "{\"finding\":\"TRUE\",\"remedy\":\"DELETE\",\"explanation\":\"经核实，系误记\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        String objection = "{\"objectionId\":\"" + objectionId[0] + "\"}";
        String before = apiScore(unit);

        signIn("signin-office", null);
        open("/office");
        assertThat(text(By.id("active-units"))).isEqualTo(String.valueOf(apiRankingSize()));
        // the live feed: a unit registered now gets its first grade, and the open page shows it without a reload
        HttpResponse<String> another = api(
                "PUT",
                stack.ingestUrl().resolve("/api/v1/units/SSBH"),
                token("XYB", "CREDIT_OFFICE"),
                "{\"name\":\"实时变化测试单位\",\"active\":true}");
        assertThat(another.statusCode()).as(another.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("grade-feed")).getText().contains("SSBH"));
        assertThat(browser.findElement(By.id("grade-feed")).getText()).contains("首次评定");
        shoot("overview");
        open("/units/" + unit);
        assertThat(text(By.id("unit-score"))).isEqualTo(before);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.cssSelector("[data-chart=history]"))
                                .getAttribute("data-points")
                        != null);
        shoot("unit-file");

        open("/office/reviews");
        shoot("reviews");
        WebElement article = browser.findElement(
                By.cssSelector("article[data-objection='" + field(objection, "objectionId") + "']"));
        article.findElement(By.name("comment")).sendKeys("同意删除");
        article.findElement(By.cssSelector("button.approve")).click();
        awaitPage(() -> browser.getPageSource().contains("复核意见已提交"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !apiScore(unit).equals(before));
        String after = apiScore(unit);
        assertThat(after).isEqualTo("100.00");
        open("/units/" + unit);
        assertThat(text(By.id("unit-score"))).isEqualTo(after);

        open("/office/units");
        shoot("units");
        open("/office/audit");
        shoot("audit");
        open("/ranking");
        List<WebElement> rows = browser.findElements(By.cssSelector("#ranking tbody tr"));
        assertThat(rows).hasSize(apiRankingSize());
        WebElement row = browser.findElement(By.cssSelector("#ranking tr[data-unit='" + unit + "'] td.score"));
        assertThat(row.getText()).isEqualTo(after);
        shoot("ranking");
        signOut();
    }

    @Test
    void aDepartmentReportsAFactThroughTheFormAndSeesARefusalBesideTheField() {
        signIn("signin-provider", "JGW");
        open("/provider/report");
        shoot("report");
        new Select(browser.findElement(By.id("indicator"))).selectByValue("4.1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new Select(browser.findElement(By.id("outcome")))
                        .getOptions().stream()
                                .anyMatch(o -> o.getAttribute("value").equals("TALK_OR_CRITICISM")));
        new Select(browser.findElement(By.id("outcome"))).selectByValue("TALK_OR_CRITICISM");
        browser.findElement(By.id("unitId")).sendKeys("NOSUCHUNIT");
        typeDate("occurredOn", DemoData.today().minusDays(1));
        browser.findElement(By.id("reference")).sendKeys("济纪发〔2026〕99号");
        browser.findElement(By.id("submit-report")).click();
        awaitPage(() -> !browser.findElements(By.id("refused")).isEmpty());
        assertThat(text(By.id("refused"))).contains("404");

        WebElement unitField = browser.findElement(By.id("unitId"));
        unitField.clear();
        unitField.sendKeys("KJZ");
        browser.findElement(By.id("submit-report")).click();
        awaitPage(() -> !browser.findElements(By.id("accepted")).isEmpty());
        String accepted = text(By.id("accepted"));
        assertThat(accepted).contains("按时报送", "报送期限");
        shoot("report-accepted");
        signOut();
    }

    @Test
    void aDepartmentReportsAHundredFactsFromASpreadsheetAndTheSameFileAgainChangesNothing() throws Exception {
        // a unit of its own, so that a hundred 4.1 facts change no score another test looks at
        HttpResponse<String> registered = api(
                "PUT",
                stack.ingestUrl().resolve("/api/v1/units/PLSB"),
                token("XYB", "CREDIT_OFFICE"),
                "{\"name\":\"批量上报测试单位\",\"active\":true}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        Path sheet = data.resolve("上报.xlsx");
        Files.write(sheet, hundredFacts(DemoData.today().minusDays(2)));
        signIn("signin-provider", "JGW");
        open("/provider/batch");
        browser.findElement(By.id("file")).sendKeys(sheet.toAbsolutePath().toString());
        browser.findElement(By.id("upload")).click();
        awaitPage(() -> !browser.findElements(By.id("batch-summary")).isEmpty());
        assertThat(text(By.id("count-accepted"))).isEqualTo("97");
        assertThat(text(By.id("count-refused"))).isEqualTo("3");
        List<WebElement> refused = browser.findElements(By.cssSelector("#batch-results tr.refused"));
        assertThat(refused).hasSize(3);
        assertThat(refused.get(0).getText()).contains("points");
        shoot("batch");

        open("/provider/batch");
        browser.findElement(By.id("file")).sendKeys(sheet.toAbsolutePath().toString());
        browser.findElement(By.id("upload")).click();
        awaitPage(() -> !browser.findElements(By.id("batch-summary")).isEmpty());
        assertThat(text(By.id("count-accepted"))).isEqualTo("0");
        assertThat(text(By.id("count-repeated"))).isEqualTo("97");

        open("/provider/facts?unitId=PLSB");
        assertThat(browser.findElements(By.cssSelector("#my-facts tbody tr"))).hasSizeGreaterThanOrEqualTo(97);
        shoot("my-facts");
        open("/provider/pending");
        shoot("pending");
        signOut();
    }

    /** 100 rows of 4.1 about PLSB, each with its own document number; rows 10, 50 and 90 carry points 4.1 takes none of. */
    private static byte[] hundredFacts(LocalDate on) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("批量上报");
            String[] header = {"单位代码", "指标", "情形代码", "分值", "发生日期", "文号或案号"};
            var first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= 100; i++) {
                var row = sheet.createRow(i);
                row.createCell(0).setCellValue("PLSB");
                row.createCell(1).setCellValue("4.1");
                row.createCell(2).setCellValue("TALK_OR_CRITICISM");
                if (i % 40 == 10) {
                    row.createCell(3).setCellValue(1.5);
                }
                row.createCell(4).setCellValue(on.toString());
                row.createCell(5).setCellValue("济纪发〔2026〕" + (1000 + i) + "号");
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void aUnitFilesAnObjectionOnItsOwnFact() {
        signIn("signin-unit", "KJZ");
        open("/unit");
        shoot("own-unit");
        WebElement form = browser.findElements(By.cssSelector("form.objection")).get(0);
        form.findElement(By.name("reason")).sendKeys("该处分决定已于复议中撤销");
        form.findElement(By.tagName("button")).click();
        awaitPage(() -> browser.getPageSource().contains("异议已提交"));
        assertThat(text(By.id("objections-title"))).isEqualTo("异议");
        assertThat(browser.getPageSource()).contains("该处分决定已于复议中撤销");
        signOut();
    }

    @Test
    void aConsumerWithoutAPurposeReadsNothing() throws Exception {
        signIn("signin-consumer", "ZZB");
        assertThat(browser.getCurrentUrl()).endsWith("/consumer/purpose");
        open("/ranking");
        assertThat(browser.findElements(By.id("ranking"))).isEmpty();
        assertThat(browser.getPageSource()).contains("选择查询用途");
        shoot("consumer-refused");

        open("/consumer/purpose");
        shoot("purpose");
        browser.findElement(By.cssSelector("label[for='purpose-CADRE_SELECTION']"))
                .click();
        browser.findElement(By.id("choose-purpose")).click();
        awaitPage(() -> browser.getCurrentUrl().endsWith("/ranking"));
        assertThat(browser.findElements(By.cssSelector("#ranking tbody tr"))).hasSize(apiRankingSize());
        assertThat(browser.findElement(By.cssSelector("header .purpose")).getText())
                .contains("选拔任用");
        signOut();
    }

    @Test
    void theCreditOfficeFreezesAndPublishesLastYearAndTheUnitDownloadsItsReport() throws Exception {
        int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear() - 1;
        signIn("signin-office", null);
        open("/office/evaluations");
        assertThat(browser.findElement(By.id("freeze-year")).getAttribute("value"))
                .isEqualTo(String.valueOf(year));
        browser.findElement(By.id("freeze")).click();
        awaitPage(() -> !browser.findElements(By.id("frozen")).isEmpty());
        assertThat(text(By.id("frozen"))).contains(year + "年度第 1 版已冻结");
        String row = "tr[data-version='" + year + "-1']";
        assertThat(text(By.cssSelector(row))).contains("已冻结，未公示");
        shoot("evaluations");
        browser.findElement(By.cssSelector(row + " form button")).click();
        awaitPage(() -> browser.getCurrentUrl().contains("published="));
        assertThat(text(By.cssSelector(row))).contains("公示中");
        byte[] report = consoleFile("/evaluations/" + year + "/report.pdf?version=1");
        assertThat(new String(report, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        byte[] workbook = consoleFile("/evaluations/" + year + "/result.xlsx?version=1");
        assertThat(new String(workbook, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK"); // a zip: XLSX

        open("/reporting"); // this year: the demo leaves one month of 4.3 unassessed for some units
        assertThat(browser.findElement(By.id("late-title")).getText()).contains("迟报");
        assertThat(browser.findElements(By.cssSelector("#missing tbody tr"))).isNotEmpty();
        shoot("reporting");

        open("/office/consultations");
        browser.findElement(By.id("duty-org")).sendKeys("ZZB");
        new Select(browser.findElement(By.id("duty-purpose"))).selectByValue("CADRE_SELECTION");
        browser.findElement(By.id("register-duty")).click();
        awaitPage(() -> browser.getCurrentUrl().contains("saved=ZZB"));
        assertThat(text(By.id("consultations"))).contains("党工委组织部", "选拔任用");
        shoot("consultations");

        // Next year's holidays (issue 16 §5): a mistyped range is refused by name, then the notice is in force.
        int next = year + 2;
        open("/office/reference");
        assertThat(browser.findElements(By.cssSelector("#calendar-years tr[data-year='" + (year + 1) + "']")))
                .isNotEmpty();
        assertThat(text(By.id("catalog-versions"))).contains("jgb-2022-44", "现行");
        browser.findElement(By.id("notice-year")).clear();
        browser.findElement(By.id("notice-year")).sendKeys(String.valueOf(next));
        browser.findElement(By.id("notice-off")).sendKeys("01-01..01-03\n05-05..05-01");
        browser.findElement(By.id("save-notice")).click();
        awaitPage(() -> !browser.findElements(By.id("notice-refusal")).isEmpty());
        assertThat(text(By.id("notice-refusal"))).contains("off[1]", "ends before it starts");
        browser.findElement(By.id("notice-off")).clear();
        browser.findElement(By.id("notice-off")).sendKeys("12-31..01-03\n02-06..02-14");
        browser.findElement(By.id("notice-makeup")).sendKeys("02-20");
        browser.findElement(By.id("notice-source")).sendKeys("国办发明电〔" + (year + 1) + "〕7号");
        browser.findElement(By.id("save-notice")).click();
        awaitPage(() -> browser.getCurrentUrl().contains("saved=" + next));
        assertThat(text(By.cssSelector("#calendar-years tr[data-year='" + next + "']")))
                .contains("12-31..01-03", "02-20", "国办发明电");
        shoot("reference-data");
        signOut();

        signIn("signin-unit", "KJZ");
        open("/unit");
        WebElement link = browser.findElement(By.cssSelector("#official-reports a"));
        assertThat(link.getText()).contains(year + "年度", "公示中");
        byte[] own = consoleFile(URI.create(link.getAttribute("href")).getRawPath() + "?"
                + URI.create(link.getAttribute("href")).getRawQuery());
        assertThat(new String(own, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        // its first grade, given when the demo was loaded, is among its notices
        browser.findElement(By.id("notices-link")).click();
        awaitPage(() -> browser.getCurrentUrl().endsWith("/notices"));
        assertThat(browser.findElements(By.cssSelector("#notices li[data-kind='GRADE_CHANGED']")))
                .isNotEmpty();
        shoot("notices");
        signOut();
    }

    /** A download of the console, with the browser's session. */
    private byte[] consoleFile(String path) throws IOException, InterruptedException {
        String session = browser.manage().getCookieNamed("INTEGRITY_CONSOLE").getValue();
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(stack.consoleUrl().resolve(path))
                        .header("Cookie", "INTEGRITY_CONSOLE=" + session)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    // — the browser —

    private void signIn(String button, String org) {
        open("/signin");
        if (!signInPhotographed) {
            shoot("signin");
            signInPhotographed = true;
        }
        if (org != null) {
            WebElement form = browser.findElement(By.id(button)).findElement(By.xpath("./.."));
            new Select(form.findElement(By.tagName("select"))).selectByValue(org);
        }
        browser.findElement(By.id(button)).click();
        awaitPage(() -> !browser.getCurrentUrl().contains("/signin"));
    }

    private void signOut() {
        browser.findElement(By.cssSelector("header form[action='/signout'] button"))
                .click();
        awaitPage(() -> browser.getCurrentUrl().contains("/signin?signedout"));
    }

    /** After a click that submits a form: the next page, within ten seconds. */
    private static void awaitPage(Callable<Boolean> arrived) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(arrived);
    }

    private void open(String path) {
        browser.get(stack.consoleUrl().resolve(path).toString());
    }

    private String text(By by) {
        return browser.findElement(by).getText().trim();
    }

    private void typeDate(String id, LocalDate date) {
        // a date input takes the digits in the browser locale's order; set its value as the form would send it
        browser.executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, date.toString());
    }

    /** The page at desktop and at phone width. */
    private void shoot(String name) {
        try {
            browser.manage().window().setSize(new Dimension(1366, 768));
            Files.write(SCREENSHOTS.resolve(name + "-1366.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.manage().window().setSize(new Dimension(390, 844));
            Files.write(SCREENSHOTS.resolve(name + "-390.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.manage().window().setSize(new Dimension(1366, 768));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // — the API, for what the pages must agree with —

    private String token(String org, String role) {
        return tokens.mint("browser-test", org, List.of(role), Duration.ofHours(1));
    }

    private HttpResponse<String> api(String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String apiScore(String unit) throws IOException, InterruptedException {
        String body = api(
                        "GET",
                        stack.queryUrl().resolve("/api/v1/units/" + unit + "/score"),
                        token("XYB", "CREDIT_OFFICE"),
                        null)
                .body();
        return field(body, "score");
    }

    private int apiRankingSize() throws IOException, InterruptedException {
        String body = api("GET", stack.queryUrl().resolve("/api/v1/rankings"), token("XYB", "CREDIT_OFFICE"), null)
                .body();
        return body.split("\"unitId\"").length - 1;
    }

    /** A top-level string or number field of a JSON object, as text. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    static String newEventId() {
        return UUID.randomUUID().toString();
    }
}
