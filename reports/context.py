"""What a figure is read against: its target (red, amber or green)."""

GREEN, AMBER, RED = "green", "amber", "red"


def rag_for(iv, target):
    """Red, amber or green for a value against a target's thresholds, or None when there is no
    target or no value. Green when the value is at or beyond the green threshold in the good
    direction, amber when at or beyond amber, red otherwise."""
    if target is None or iv.value is None:
        return None
    value = float(iv.value)
    green, amber = float(target.green_threshold), float(target.amber_threshold)
    if target.higher_is_better:
        return GREEN if value >= green else AMBER if value >= amber else RED
    return GREEN if value <= green else AMBER if value <= amber else RED
