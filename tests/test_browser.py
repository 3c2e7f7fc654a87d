"""The web UI in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

Needs /usr/bin/chromium and /usr/bin/chromedriver: `bash scripts/install_chromium.sh` (CI runs it).
Without them the test FAILS: a UI nobody has opened in a browser is not tested. Screenshots go to
docs/screenshots/.
"""
from __future__ import annotations

import base64
import os
import urllib.parse
from pathlib import Path

import pytest

from conftest import ROOT
from test_web import ENGLISH_ID, HINDI_ID, HINDI_QUERY, served, hostile_id  # noqa: F401 - session fixtures

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US",
)


@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"headless Chromium is needed for the browser test and {', '.join(missing)} is missing: "
                    f"run `bash scripts/install_chromium.sh` (installs Debian's chromium and chromium-driver)",
                    pytrace=False)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[test]'", pytrace=False)
    os.environ.setdefault("SE_OFFLINE", "true")   # Selenium Manager must never try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _full_page_screenshot(driver, name: str, max_height: int = 3000) -> Path:
    """The whole page (up to ``max_height`` CSS pixels), through the DevTools protocol: a window
    taller than the headless screen is clamped, a capture beyond the viewport is not."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    clip = {"x": 0, "y": 0, "width": 1400, "height": min(size["height"], max_height), "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True, "clip": clip})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def _no_alert(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return
    raise AssertionError(f"a script from article text ran: alert({text!r})")


def test_story_side_by_side_search_in_hindi_and_hostile_text(browser, served, hostile_id):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)

    # 1. the seed story: English source and Hindi rewrite side by side, aligned, facts highlighted
    browser.get(f"{served.url}/stories/1")
    heads = browser.find_elements(By.CSS_SELECTOR, "#compare-grid .side-head")
    assert [h.get_attribute("lang") for h in heads] == ["en", "hi"]
    source_cells = browser.find_elements(By.CSS_SELECTOR, "#compare-grid .cell.source")
    derived_cells = browser.find_elements(By.CSS_SELECTOR, "#compare-grid .cell.derived")
    assert len(source_cells) == len(derived_cells) >= 4
    s, d = source_cells[0].rect, derived_cells[0].rect
    assert abs(s["y"] - d["y"]) < 2 and s["x"] + s["width"] <= d["x"] + 1, (s, d)   # same row, left and right
    assert "Reuters" in heads[0].text or "Kremlin" in heads[0].text
    kept = browser.find_elements(By.CSS_SELECTOR, "#compare-grid .cell.derived mark.fact-kept")
    assert kept and kept[0].is_displayed()
    assert kept[0].value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    dropped = browser.find_elements(By.CSS_SELECTOR, "#compare-grid .cell.source.dropped")
    assert dropped and dropped[0].value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert browser.find_elements(By.CSS_SELECTOR, "#compare-grid .cell.source mark.fact-dropped")

    # the debris toggle shows what the clean stage removed, with reasons
    debris = browser.find_element(By.CSS_SELECTOR, ".debris-list.derived")
    assert not debris.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "label[for=debris-toggle]").click()
    wait.until(EC.visibility_of(debris))
    assert "promo" in debris.text and "read-also link" in debris.text
    browser.find_element(By.CSS_SELECTOR, "label[for=debris-toggle]").click()   # off again for the picture
    wait.until(EC.invisibility_of_element(debris))
    _full_page_screenshot(browser, "story-side-by-side.png")

    # 2. a Hindi query finds the story and its English article
    browser.get(served.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "header form.search input[name=q]")
    box.send_keys(HINDI_QUERY)
    box.send_keys(Keys.ENTER)
    link = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.stories a[href='/stories/1']")))
    badge = browser.find_element(By.CSS_SELECTOR, "table.stories td.match .meaning")
    assert "en" in badge.text and "hi" in badge.text
    assert urllib.parse.unquote(browser.current_url).endswith(HINDI_QUERY.replace(" ", "+"))
    _full_page_screenshot(browser, "search-hindi.png", max_height=700)
    link.click()
    english = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"table.timeline a[href='/articles/{ENGLISH_ID}']")))
    assert "Kremlin has ‘no comment’" in english.text
    english.click()
    wait.until(EC.url_contains(f"/articles/{ENGLISH_ID}"))
    assert "MOSCOW" in browser.find_element(By.CSS_SELECTOR, ".text").text

    # 3. the Hindi article page
    browser.get(f"{served.url}/articles/{HINDI_ID}")
    assert "अभिनय आकाश" in browser.find_element(By.CSS_SELECTOR, "dl.meta").text
    _full_page_screenshot(browser, "article.png", max_height=1700)

    # 4. hostile text: no script runs, no link to javascript:, the 10,000-character line wraps
    browser.get(f"{served.url}/articles/{hostile_id}")
    _no_alert(browser)
    assert "<script>alert('xss')</script>" in browser.find_element(By.CSS_SELECTOR, ".text").text
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript:")], hrefs
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    browser.get(served.url + "/")
    _no_alert(browser)
