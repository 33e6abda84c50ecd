"""Start-up patch for the GuideLLM workbench image (quay.io/rh-aiservices-bu/guidellm-wb:v1).

Written for this project (constructs/workbench.ts, docs/workbench.md); it holds no upstream code.

Why: the workbench (utils/guidellm-wb/app.py @ d7e7d64 of rh-aiservices-bu/guidellm-pipeline) hard-codes every
default as the `value=` / `index=` argument of its sidebar widgets (app.py:49-212) and reads no environment
variable or file for them. Python imports `sitecustomize` from PYTHONPATH at start-up (the `site` module), so
this file, mounted from a ConfigMap and put on PYTHONPATH by the Deployment, is the smallest hook that needs no
change to the image.

What: when `streamlit` is imported, st.text_input / st.number_input / st.selectbox are wrapped. A widget whose
label is a key of the chosen preset gets that preset's value as its default; every other argument is left as
the app passes it, and number inputs are clamped to the app's own min/max. A "preset" select box (one entry per
target of the environment, in name order: the files of `presetsDir`, one per target) is added just before the
widget named `firstWidget` in the presets file. The chosen
preset lives in the user's Streamlit session, so users do not see each other's choice.

Safe by default: nothing happens when WORKBENCH_PRESETS_FILE is unset, when streamlit is never imported (the
guidellm processes the app starts inherit this environment), or when the file cannot be read (logged to stderr).
"""
import importlib.abc
import importlib.util
import json
import os
import sys

_PRESETS_FILE = os.environ.get("WORKBENCH_PRESETS_FILE")
_SESSION_KEY = "workbench-preset"
# Positional parameters, in Streamlit's order, of the widgets we wrap (only the leading ones we may replace).
_POSITIONAL = {
    "text_input": ("value",),
    "number_input": ("min_value", "max_value", "value"),
    "selectbox": ("options", "index"),
}


def _log(message):
    sys.stderr.write("workbench presets: %s\n" % message)


def _as_kwargs(kind, args, kwargs):
    """Moves the positional arguments we may replace into kwargs; returns the rest unchanged."""
    names = _POSITIONAL[kind]
    moved = dict(kwargs)
    for name, value in zip(names, args):
        moved[name] = value
    return args[len(names):], moved


def _clamp_number(value, kwargs):
    lowest, highest = kwargs.get("min_value"), kwargs.get("max_value")
    sample = lowest if lowest is not None else kwargs.get("value")
    number = float(value) if isinstance(sample, float) else int(round(float(value)))
    if lowest is not None and number < lowest:
        number = lowest
    if highest is not None and number > highest:
        number = highest
    return number


def _target_presets(directory):
    """The presets of `presetsDir`, one `<target>.json` file each ({"name", "widgets"}); a broken file is skipped."""
    found = {}
    if not directory or not os.path.isdir(directory):
        return found
    for entry in sorted(os.listdir(directory)):
        if not entry.endswith(".json") or entry.startswith("."):
            continue
        try:
            with open(os.path.join(directory, entry), encoding="utf-8") as handle:
                preset = json.load(handle)
            found[preset["name"]] = preset["widgets"]
        except Exception as exc:  # one broken preset must not hide the others
            _log("skipped %s: %r" % (entry, exc))
    return found


def _install(st):
    try:
        with open(_PRESETS_FILE, encoding="utf-8") as handle:
            config = json.load(handle)
        presets = _target_presets(config.get("presetsDir"))
        names = sorted(presets)
        default = config.get("defaultPreset", names[0] if names else None)
        first_widget = config["firstWidget"]
        preset_label = config.get("presetLabel", "Preset")
    except Exception as exc:  # a broken file must not take the workbench down
        _log("not applied: %r" % (exc,))
        return
    if not names:
        return
    original = {kind: getattr(st, kind) for kind in _POSITIONAL}

    def chosen_widgets():
        name = st.session_state.get(_SESSION_KEY, default)
        return presets.get(name, {})

    def wrap(kind):
        def widget(label, *args, **kwargs):
            if kind == "text_input" and label == first_widget:
                original["selectbox"](
                    preset_label,
                    names,
                    index=names.index(default) if default in names else 0,
                    key=_SESSION_KEY,
                    help="Defaults below come from this target of the environment (ConfigMap workbench-presets).",
                )
            value = chosen_widgets().get(label)
            if value is None:
                return original[kind](label, *args, **kwargs)
            rest, kwargs = _as_kwargs(kind, args, kwargs)
            if kind == "text_input":
                kwargs["value"] = str(value)
            elif kind == "number_input":
                kwargs["value"] = _clamp_number(value, kwargs)
            else:
                options = list(kwargs.get("options", []))
                if value in options:
                    kwargs["index"] = options.index(value)
            return original[kind](label, *rest, **kwargs)

        widget.__wrapped__ = original[kind]
        return widget

    for kind in _POSITIONAL:
        setattr(st, kind, wrap(kind))
    _log("%d preset(s) from %s" % (len(names), _PRESETS_FILE))


class _PatchStreamlitOnImport(importlib.abc.MetaPathFinder):
    """Finds `streamlit` through the other finders and patches it right after its module has run."""

    def find_spec(self, name, path=None, target=None):
        if name != "streamlit":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _install(module)

        spec.loader.exec_module = exec_and_patch
        return spec


if _PRESETS_FILE and "streamlit" not in sys.modules:
    sys.meta_path.insert(0, _PatchStreamlitOnImport())
