"""What a browser would post back: the values a rendered HTML form carries as it stands."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # each: {"attrs": {...}, "fields": [(name, value)], "submits": [...]}
        self._form = None
        self._select = None  # (name, multiple, [options], selected values)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "submits": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on")))
            elif kind in ("submit", "button", "image", "reset"):
                self._form["submits"].append((name, attrs.get("value", "")))
            elif kind != "file":
                self._form["fields"].append((name, attrs.get("value", "")))
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            self._form["submits"].append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            option, self._option = self._option, None
            value = option["value"] if option["value"] is not None else option["text"]
            if self._select["first"] is None:
                self._select["first"] = value
            if option["selected"]:
                self._select["selected"].append(value)
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["selected"] or (
                [select["first"]] if select["first"] is not None else []
            )
            self._form["fields"].extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self._textarea is not None:
            textarea, self._textarea = self._textarea, None
            # A browser drops one line break that directly follows <textarea>.
            text = textarea["text"][1:] if textarea["text"].startswith("\n") else textarea["text"]
            self._form["fields"].append((textarea["name"], text))
        elif tag == "form":
            self._form = None


def form_data(html: str, *, submit: str) -> dict:
    """The name → value(s) a browser posts for the form whose submit button is named ``submit``.

    Values of a name that occurs more than once (ticked checkboxes) come as a list.
    """
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if any(name == submit for name, _ in form["submits"]):
            data: dict = {}
            for name, value in form["fields"]:
                if name in data:
                    previous = data[name]
                    data[name] = (
                        [*previous, value] if isinstance(previous, list) else [previous, value]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a submit button named {submit!r}")
