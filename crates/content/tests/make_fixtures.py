# Writes the fixture folders (run once; the folders are checked in, this script documents them).
import os, shutil
ROOT = os.path.join(os.path.dirname(__file__), "fixtures")

def cards(n=5, prefix="Question"):
    out = "```cards\n"
    for i in range(1, n + 1):
        out += f'[[card]]\nq = "{prefix} {i}?"\na = "Answer {i}."\n\n'
    return out.rstrip("\n") + "\n```\n"

def page(title, body, summary=None, extra=""):
    summary = summary or f"What {title.lower()} is about."
    return f'+++\ntitle = "{title}"\nsummary = "{summary}"\n{extra}+++\n\n{body}'

def write(case, files):
    base = os.path.join(ROOT, case, "content")
    shutil.rmtree(os.path.join(ROOT, case), ignore_errors=True)
    for rel, text in files.items():
        p = os.path.join(base, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w").write(text)

SUMMARY = "# Summary\n\n[Introduction](introduction.md)\n\n- [Chapter](ch/index.md)\n  - [Page](ch/page.md)\n"
def simple(case, page_body, intro_body="Intro text.\n\n" + cards(), summary=SUMMARY, extra=None):
    files = {
        "SUMMARY.md": summary,
        "introduction.md": page("Introduction", intro_body),
        "ch/index.md": page("Chapter", "## Overview\n\nChapter text.\n\n" + cards()),
        "ch/page.md": page_body if page_body.startswith("+++") or page_body.startswith("no front") else page("Page", page_body),
    }
    files.update(extra or {})
    write(case, files)

EVERYTHING_PAGE = page("Everything", r'''Prose with **bold**, _emphasis_, ~~strike~~ and `code`.[^src]

## Why it matters

See [the chapter](index.md), [its overview](index.md#overview), [the intro](../introduction.md#welcome),
[below](#worked-example-1), [an RFC](https://www.rfc-editor.org/rfc/rfc9110) and <https://example.org>.

### Worked example

Availability in series: $A = A_1 \times A_2 \approx 0.998$, and

$$
\text{QPS} = \frac{10^8 \cdot 2}{86\,400} \le \sqrt{x} \ge \sum_{i=1}^{n} t_i
$$

## Worked example

| Policy | Hit ratio |
|--------|----------:|
| LRU    | 0.61      |
| FIFO   | 0.55      |

- [x] done
- [ ] to do

> [!NOTE]
> A note.

> [!TIP]
> A tip.

> [!IMPORTANT]
> Important.

> [!WARNING]
> A warning.

> [!CAUTION]
> Careful.

> A plain quote.

![A ring of nodes](ring.svg)

```rust
fn main() { println!("hi <there>"); }
```

```toml
key = "value"
```

```nosuchlang
<kept & escaped>
```

```
no language
```

```dot
digraph { rankdir=LR; node [shape=box]; client -> lb [label="HTTPS"]; lb -> app [style=dashed]; }
```

```widget counter
start = 3
```

```widget counter
```

#### Deep heading

[^src]: A footnote.

```cards
[[card]]
q = "What does *LRU* evict?"
a = "The least recently used entry; see [the intro](../introduction.md#welcome) and $O(1)$."

[[card]]
q = 'Single-quoted "question"?'
a = """
A multi-line answer:

- one
- two
"""

[[card]]
q = "Q3?"
a = "A3."

[[card]]
q = "Q4?"
a = "A4."

[[card]]
q = "Q5?"
a = "A5."
```
''', extra='tags = ["caching", "lru"]\n')

write("everything", {
    "SUMMARY.md": SUMMARY,
    "introduction.md": page("Introduction", "## Welcome\n\nIntro text.\n\n" + cards()),
    "ch/index.md": page("Chapter", "## Overview\n\nChapter text, then [the page](page.md).\n\n" + cards()),
    "ch/page.md": EVERYTHING_PAGE,
    "ch/ring.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n',
})

write("summary-errors", {
    "SUMMARY.md": "# Summary\n\n[Introduction](introduction.md)\n\n- [Chapter](ch/page.md)\n- [Chapter](ch/index.md)\n  - [Page](ch/page.md)\n  - [Page again](ch/page.md)\n  - [Gone](ch/missing.md)\n  not a link\n",
    "introduction.md": page("Introduction", "Intro.\n\n" + cards()),
    "ch/index.md": page("Chapter", "Chapter.\n\n" + cards()),
    "ch/page.md": page("Page", "Page.\n\n" + cards()),
    "ch/unlisted.md": page("Unlisted", "Unlisted.\n\n" + cards()),
})

simple("front-matter-errors", "no front matter here\n\n" + cards(), extra={
    "introduction.md": '+++\ntitle = "Introduction"\nsummary = "One sentence. Then another."\nauthor = "me"\n+++\n\n' + cards(),
    "ch/index.md": '+++\ntitle = "Chapter"\n+++\n\n' + cards(),
})
simple("heading-errors", "# A title in the body\n\n## Fine\n\n" + cards())
simple("raw-html-errors", "Text with <span>inline</span> HTML.\n\n<div class=\"x\">\nblock\n</div>\n\n" + cards())
simple("link-errors", "[gone](missing.md) [bad anchor](index.md#nope) [here](#nowhere)\n\n"
       "[abs](/notes/ch) [out](../../x.md)\n\n![missing](missing.svg)\n\n" + cards())
simple("math-errors", "Inline $\\frac{1}$ and\n\n$$\n\\notacommand{x}\n$$\n\n" + cards())
simple("diagram-errors", "```dot\ndigraph { a -> ; }\n```\n\n```dot\ndigraph { }\n```\n\n" + cards())
simple("widget-errors", "```widget counter\nstep = 11\n```\n\n```widget nosuch\n```\n\n```widget counter\ncolour = 1\n```\n\n" + cards())
simple("card-errors",
       "```cards\n[[card]]\nq = \"Q1?\"\na = \"A.\"\nhint = \"h\"\n```\n\n"
       "```cards\n[[card]]\nq = \"Q1?\"\n\n[[card]]\nq = \"\"\na = \"A.\"\n\n[[card]]\nq = \"Q2?\"\na = \"A.\"\n\n[[card]]\nq = \"Q2?\"\na = \"B.\"\n```\n",
       intro_body="Too few.\n\n" + cards(2))
