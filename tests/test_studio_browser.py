"""talecast studio in a real browser: Chromium from the system packages, driven by Selenium.

Run locally with `apt-get install chromium chromium-driver` (Debian/Ubuntu) and
`pip install -e '.[test]'`; without them these tests are skipped, saying why.
Set TALECAST_STUDIO_SCREENSHOT=docs/studio.png to refresh the README's screenshot.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
import tomllib
from pathlib import Path

import pytest

from talecast import pipeline, voices
from talecast.voices import castfile
from talecast.studio.core import Studio
from talecast.studio.server import Server

from test_studio import CONFIG, STORY

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
if not (CHROMIUM and DRIVER):
    pytest.skip("no Chromium and chromedriver on PATH (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1400,900", "--mute-audio"):
        opts.add_argument(arg)
    service = webdriver.ChromeService(executable_path=DRIVER)
    driver = webdriver.Chrome(options=opts, service=service)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _serve(story: Path, config: Path, out: Path):
    studio = Studio(story, config, out)
    server = Server(studio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def lamp(tmp_path, browser):
    story, config = tmp_path / "lamp.txt", tmp_path / "lamp.toml"
    story.write_text(STORY, encoding="utf-8")
    config.write_text(CONFIG, encoding="utf-8")
    server, thread = _serve(story, config, tmp_path / "out")
    browser.get(server.url)
    wait(browser, lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
    yield browser, config, tmp_path / "out"
    server.shutdown()
    thread.join(30)


def wait(driver, condition, timeout=60):
    """``condition`` once it holds; the page redrawing meanwhile (a stale element) is asked again."""
    return WebDriverWait(driver, timeout, poll_frequency=0.2,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def row(driver, text):
    return driver.find_element(By.XPATH, f"//div[contains(@class,'line')][span[@class='text' and "
                                         f"starts-with(normalize-space(.), '{text}')]]")


def colour(driver, text):
    """The colour of the line starting with ``text``, read in one step (the page may redraw meanwhile)."""
    return driver.execute_script(
        "for (const t of document.querySelectorAll('#script .line .text'))"
        "  if (t.textContent.trim().startsWith(arguments[0])) return getComputedStyle(t).color;"
        "return null;", text)


def test_the_script_shows_each_character_in_a_colour(lamp):
    driver, _, _ = lamp
    assert driver.find_element(By.ID, "title").text.startswith("The Lamp")
    assert colour(driver, "Only me,") != colour(driver, "Is anyone there?")
    assert "heading" in row(driver, "Chapter 2").get_attribute("class")
    Select(driver.find_element(By.ID, "filter")).select_by_value("Tom")
    shown = [r for r in driver.find_elements(By.CSS_SELECTOR, "#script .line") if r.is_displayed()]
    assert shown and all(r.get_attribute("data-speaker") == "Tom" for r in shown)


def test_a_line_plays_in_the_page(lamp):
    driver, _, _ = lamp
    row(driver, "Cold tea is still tea.").find_element(By.CLASS_NAME, "play").click()
    duration = wait(driver, lambda d: d.execute_script(
        "const a = document.getElementById('line-player'); return a.duration > 0 && a.duration"))
    assert 0.5 < duration < 10


def test_changing_a_quotes_speaker_writes_a_correction_and_recolours_it(lamp):
    driver, config, _ = lamp
    before = colour(driver, "Only me,")
    mara = colour(driver, "Is anyone there?")
    menu = row(driver, "Only me,").find_element(By.CSS_SELECTOR, "select.speaker")
    menu.click()  # its choices are filled in when it opens
    Select(menu).select_by_value("Mara")
    wait(driver, lambda d: colour(d, "Only me,") != before)
    assert colour(driver, "Only me,") == mara
    assert tomllib.loads(config.read_text())["lines"] == [{"text": "Only me,", "speaker": "Mara"}]
    assert "# Mara is the lamp keeper" in config.read_text()


def test_changing_a_characters_voice_saves_it_and_auditions_it(lamp):
    driver, config, _ = lamp
    card = driver.find_element(By.CSS_SELECTOR, ".card[data-name='Tom']")
    voice = Select(card.find_element(By.CSS_SELECTOR, "select.voice"))
    choice = next(o.get_attribute("value") for o in voice.options
                  if o.get_attribute("value") not in ("", "gmw/en-us+m7"))
    # The line highlighted when the audition starts is recorded then: "Only me," lasts under a
    # second, and its highlight goes when it ends, so a look afterwards could come too late.
    driver.execute_script(
        "window.auditioned = null;"
        "document.getElementById('line-player').addEventListener('play', () => {"
        "  window.auditioned = [...document.querySelectorAll('.line.playing')].map((r) => r.dataset.id);"
        "}, {once: true});")
    voice.select_by_value(choice)
    wait(driver, lambda d: tomllib.loads(config.read_text())["characters"]["Tom"]["voice"] == choice)
    text = config.read_text()
    assert text.startswith("# my own notes on this cast: keep them") and "# Mara is the lamp keeper" in text
    # the change is auditioned at once, on one of Tom's lines
    wait(driver, lambda d: d.execute_script("return document.getElementById('line-player').duration > 0"))
    only_me = row(driver, "Only me,").get_attribute("data-id")
    assert driver.execute_script("return window.auditioned") == [only_me]
    assert driver.execute_script("return document.getElementById('line-player').dataset.line") == only_me


def test_build_reaches_the_end_and_the_chapter_plays_with_its_line_highlighted(lamp):
    driver, _, out = lamp
    driver.find_element(By.ID, "build").click()
    wait(driver, lambda d: d.find_element(By.ID, "progress").get_attribute("data-state") == "done", timeout=300)
    assert float(driver.find_element(By.ID, "progress").get_attribute("value")) == 1.0
    mp3s = sorted((out / "the-lamp").glob("*.mp3"))
    assert [p.name[:2] for p in mp3s] == ["01", "02"]
    driver.refresh()  # the build's outcome survives a reload of the page
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".play-chapter"))
    assert driver.find_element(By.ID, "progress").get_attribute("data-state") == "done"
    # The first line highlighted is recorded when it is: a look at the page could come after the
    # chapter (a few seconds) has ended and its last highlight has gone.
    driver.execute_script(
        "window.spoken = null;"
        "new MutationObserver((changes, observer) => {"
        "  const row = document.querySelector('#script .line.speaking');"
        "  if (row) { window.spoken = row.dataset.id; observer.disconnect(); }"
        "}).observe(document.getElementById('script'), {subtree: true, attributeFilter: ['class']});")
    driver.find_element(By.CSS_SELECTOR, ".play-chapter[data-chapter='1']").click()
    wait(driver, lambda d: d.execute_script("return document.getElementById('chapter-player').duration > 0"))
    spoken = wait(driver, lambda d: d.execute_script("return window.spoken"), timeout=30)
    assert spoken.startswith("1-")


def test_flagged_quotes_can_be_shown_alone_and_are_cleared_by_a_fix(tmp_path, browser):
    story, config = tmp_path / "room.txt", tmp_path / "room.toml"
    story.write_text('The Room\n\nChapter 1\n\n"Hello?"\n\nThe wind blew.\n\n'
                     'Mara lit the lamp. "Is anyone there?" Mara asked.\n', encoding="utf-8")
    config.write_text('[characters.Mara]\ngender = "female"\n', encoding="utf-8")
    server, thread = _serve(story, config, tmp_path / "out")
    try:
        browser.get(server.url)
        wait(browser, lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        Select(browser.find_element(By.ID, "filter")).select_by_value("@flagged")
        shown = [r for r in browser.find_elements(By.CSS_SELECTOR, "#script .line") if r.is_displayed()]
        assert len(shown) == 1 and shown[0].get_attribute("data-speaker") == "unsure"
        assert shown[0].find_element(By.CLASS_NAME, "text").text.startswith("Hello?")
        menu = shown[0].find_element(By.CSS_SELECTOR, "select.speaker")
        menu.click()
        Select(menu).select_by_value("Mara")
        wait(browser, lambda d: not [r for r in d.find_elements(By.CSS_SELECTOR, "#script .line.flagged")])
        assert "0 flagged" in browser.find_element(By.ID, "counts").text
        Select(browser.find_element(By.ID, "filter")).select_by_value("")
        menu = row(browser, "Hello?").find_element(By.CSS_SELECTOR, "select.speaker")
        menu.click()
        Select(menu).select_by_value("@narration")  # "(not speech)": the quote is read as narration
        wait(browser, lambda d: row(d, "Hello?").get_attribute("data-kind") == "narration")
        assert Select(row(browser, "Hello?").find_element(By.CSS_SELECTOR, "select.speaker")) \
            .first_selected_option.text == "(not speech)"
        assert tomllib.loads(config.read_text())["lines"] == [{"text": "Hello?", "kind": "narration"}]
    finally:
        server.shutdown()
        thread.join(30)


def test_screenshot_of_the_studio_on_the_bundled_sample(tmp_path, browser, monkeypatch):
    shot = Path(os.environ.get("TALECAST_STUDIO_SCREENSHOT") or tmp_path / "studio.png").resolve()
    monkeypatch.chdir(tmp_path)  # the page shows the config's path as given: voices/...
    sample = ROOT / "samples" / "the-gift-of-the-magi.txt"
    config = Path("voices") / "the-gift-of-the-magi.toml"
    sc, chars = pipeline.script(sample)
    planned = voices.Caster(voices.load(None), {c.name: c.gender for c in chars}).plan(sc)
    castfile.write(chars, config, sc.title, {n: v.id for n, v in planned.items()})
    server, thread = _serve(sample, config, Path("output"))
    try:
        browser.get(server.url)
        wait(browser, lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        browser.find_element(By.ID, "build").click()
        wait(browser, lambda d: d.find_element(By.ID, "progress").get_attribute("data-state") == "done",
             timeout=600)
        browser.find_element(By.CSS_SELECTOR, ".play-chapter[data-chapter='1']").click()
        line = row(browser, "Will you buy my hair?").get_attribute("data-id")
        start = wait(browser, lambda d: d.execute_script(
            "const c = cues.find((c) => c.id === arguments[0]); return c ? c.start + 0.05 : false", line))
        browser.execute_script("const p = document.getElementById('chapter-player'); p.currentTime = arguments[0];"
                               "p.play();", start)
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, f".line.speaking[data-id='{line}']"))
        browser.execute_script("document.getElementById('chapter-player').pause()")
        time.sleep(1)  # the highlighted line has scrolled into view
        shot.parent.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 20_000
    finally:
        server.shutdown()
        thread.join(30)
