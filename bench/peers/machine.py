"""What machine a peer run is on, for the results JSON (numbers are valid only for that machine kind)."""


def cpu_model():
    """The CPU model from /proc/cpuinfo, or "unknown"."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"
