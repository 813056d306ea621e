"""Run axe-core in the page and fail on any WCAG 2.2 A/AA violation, or any content outside a
landmark ("region"), at desktop (1280 px) and phone (390 px) widths; and fail when the page is
wider than a 390 px screen (WCAG 1.4.10 reflow)."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE_WIDTH = 390


def _axe_problems(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate(AXE_SOURCE + "\n;0")
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    evaluated = {
        rule["id"] for key in ("passes", "violations", "incomplete") for rule in results[key]
    }
    assert "target-size" in evaluated, "axe did not evaluate the WCAG 2.2 target-size rule"
    # "region" is a best practice, not a WCAG tag: every piece of content in a landmark.
    region = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'rule', values: ['region']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"] + region["violations"]
    ]


def page_width(page):
    return page.evaluate("() => document.documentElement.scrollWidth")


def assert_fits_a_phone(page):
    """No sideways scrolling of the page on a 390 px screen (a table may scroll in its own
    labelled region)."""
    width = page_width(page)
    assert width <= PHONE_WIDTH, f"{page.url} is {width} px wide on a {PHONE_WIDTH} px screen"


def assert_accessible(page):
    problems = [f"at {page.viewport_size['width']} px: {p}" for p in _axe_problems(page)]
    desktop = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    try:
        problems += [f"at {PHONE_WIDTH} px: {p}" for p in _axe_problems(page)]
        width = page_width(page)
        if width > PHONE_WIDTH:
            problems.append(f"the page is {width} px wide on a {PHONE_WIDTH} px screen")
    finally:
        page.set_viewport_size(desktop)
    assert not problems, f"Accessibility violations on {page.url}:\n" + "\n".join(problems)
