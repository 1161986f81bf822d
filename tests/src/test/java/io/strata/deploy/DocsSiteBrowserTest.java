package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.JobsMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The docs site of the demo warehouse in a real headless Chromium: opened from {@code file://},
 * {@code fct_orders} clicked, its panel read; {@code dim_customers} clicked, its SQL read.
 *
 * <p>Chromium and chromedriver come from Debian's packages ({@code .ci/run} installs them); the
 * driver is started from its system path, so Selenium never looks for one to download. Set {@code
 * -Dstrata.docs.screenshot=FILE} to keep a PNG of the page with the panel open.
 */
class DocsSiteBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String INSTALL = "apt-get install -y chromium chromium-driver";

  @TempDir Path dir;

  @Test
  void clickingFctOrdersShowsItsColumnsTestsAndUpstreamModel() throws IOException {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "the browser test needs %s and %s: install them with `%s` (as root, or with sudo;"
                + " .ci/run does it)",
            CHROMIUM, CHROMEDRIVER, INSTALL)
        .isTrue();
    Path index = generate();

    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    service.start();
    WebDriver browser = new RemoteWebDriver(service.getUrl(), options());
    try {
      browser.get(index.toUri().toString());
      browser.findElement(By.cssSelector("[data-model='fct_orders']")).click();
      WebElement panel = browser.findElement(By.id("panel"));

      assertThat(panel.isDisplayed()).isTrue();
      assertThat(panel.findElement(By.className("model-name")).getText()).isEqualTo("fct_orders");
      assertThat(panel.findElement(By.className("unique-key")).getText()).isEqualTo("order_id");
      assertThat(attributes(panel, "table.columns tr", "data-column"))
          .containsExactly(
              "order_id",
              "customer_id",
              "status",
              "amount_cents",
              "created_at",
              "updated_at",
              "order_date",
              "_loaded_at");
      WebElement amount = panel.findElement(By.cssSelector("tr[data-column='amount_cents']"));
      assertThat(amount.findElement(By.className("column-type")).getText()).isEqualTo("bigint");
      assertThat(amount.findElement(By.className("column-from")).getText())
          .isEqualTo("staging.stg_orders.amount_cents");
      assertThat(attributes(panel, "table.tests tr", "data-test"))
          .contains("unique(order_id)", "not_null(order_id)", "amount_not_negative");
      assertThat(
              panel
                  .findElement(By.cssSelector("tr[data-test='unique(order_id)'] .test-status"))
                  .getText())
          .startsWith("pass");
      assertThat(texts(panel, ".upstream a")).containsExactly("stg_orders");
      assertThat(texts(panel, ".downstream a")).containsExactly("dim_customers");
      screenshot(browser);

      browser.findElement(By.cssSelector("[data-model='dim_customers']")).click();
      assertThat(browser.findElement(By.cssSelector("#panel pre.code")).getText())
          .as("a SQL model's panel shows its file")
          .contains("/* strata {", "FROM staging.stg_customers");

      browser.findElement(By.id("search")).sendKeys("lifetime_value");
      assertThat(
              browser
                  .findElement(By.cssSelector("[data-model='fct_orders']"))
                  .getAttribute("class"))
          .contains("dim");
      assertThat(texts(browser.findElement(By.id("results")), "li"))
          .contains("dim_customers column lifetime_value_cents");
    } finally {
      browser.quit();
      service.stop();
    }
  }

  /**
   * The demo's first day, then its second landed and built with the run results in a target
   * directory of its own, and the site of that.
   */
  private Path generate() {
    Path warehouse = dir.resolve("warehouse");
    Path target = dir.resolve("target");
    LocalDemo.copyDayOne(warehouse);
    LocalDemo.land(warehouse, 2);
    List<String> where =
        List.of("--warehouse", warehouse.toString(), "--target-dir", target.toString());
    assertThat(JobsMain.execute(command(List.of("build"), where))).isZero();
    long start = System.nanoTime();
    assertThat(JobsMain.execute(command(List.of("docs", "generate"), where))).isZero();
    System.out.printf("docs generate: %.1f s in this JVM%n", (System.nanoTime() - start) / 1e9);
    return target.resolve("docs").resolve("index.html");
  }

  private static ChromeOptions options() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,760");
    return options;
  }

  private static void screenshot(WebDriver browser) throws IOException {
    String file = System.getProperty("strata.docs.screenshot");
    if (file != null) {
      Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, Path.of(file), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static List<String> attributes(WebElement root, String css, String attribute) {
    return root.findElements(By.cssSelector(css + "[" + attribute + "]")).stream()
        .map(e -> e.getAttribute(attribute))
        .toList();
  }

  private static List<String> texts(WebElement root, String css) {
    return root.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static String[] command(List<String> command, List<String> options) {
    return java.util.stream.Stream.concat(command.stream(), options.stream())
        .toArray(String[]::new);
  }
}
