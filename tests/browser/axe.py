"""Run axe-core in the page and fail on any WCAG 2.2 A/AA violation."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page):
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
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
    ]
    assert not problems, f"Accessibility violations on {page.url}:\n" + "\n".join(problems)
