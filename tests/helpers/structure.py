"""A small news page with each piece of structure issue 21 names: two photos with captions (a
``<figure>``'s ``<figcaption>``, and the credit line after an ``<img>``), a ``<ul>``, an ``<ol>``, a
``<blockquote>`` and a table of two rows and three columns; and the document it makes, translated."""

from __future__ import annotations

from translator.document import Document
from translator.prepare.pipeline import prepare_bytes

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>南昌举行农民丰收节活动_新华网</title>
<link rel="canonical" href="https://www.example.cn/news/2024/a.html"></head><body>
<nav><a href="/">首页</a> &gt; <a href="/c">城市</a></nav>
<article>
<h1>南昌举行农民丰收节活动</h1>
<p>新华社南昌5月19日电 江西省南昌市今天举行了农民丰收节活动，来自全省各地的农民代表参加了活动。</p>
<figure><img src="../photos/a1.jpg" alt="农民展示稻谷"><figcaption>5月19日，在南昌市郊区，农民展示刚收获的稻谷。新华社记者 李梦馨 摄</figcaption></figure>
<p>活动现场展示了各地的特色农产品，吸引了大量市民前来参观和购买，场面十分热闹。</p>
<p><img src="https://img.example.cn/b2.jpg" alt="市民选购"></p>
<p>5月19日，市民在活动现场选购农产品。新华社记者 李梦馨 摄</p>
<p>本次活动的主要内容包括以下几个方面：</p>
<ul><li>农产品展销会在主会场举行。</li><li>农业技术讲座在分会场举行。</li></ul>
<p>活动安排的顺序如下所述：</p>
<ol><li>上午九点举行开幕式。</li><li>下午两点举行颁奖仪式。</li></ol>
<blockquote>丰收节是农民自己的节日，我们要把它办好。</blockquote>
<p>下表列出了今年的主要农产品产量情况：</p>
<table><tr><th>品种</th><th>产量</th><th>增幅</th></tr><tr><td>水稻</td><td>五百万吨</td><td>百分之三</td></tr></table>
<p>省农业农村厅负责人表示，今年全省粮食生产形势良好，农民收入持续增长。</p>
</article>
<footer>版权所有 新华网</footer>
</body></html>
"""
PHOTO_1 = "https://www.example.cn/news/photos/a1.jpg"  # ../photos/a1.jpg against the canonical /news/2024/a.html
PHOTO_2 = "https://img.example.cn/b2.jpg"
CAPTION_1 = "5月19日，在南昌市郊区，农民展示刚收获的稻谷。新华社记者 李梦馨 摄"
CAPTION_2 = "5月19日，市民在活动现场选购农产品。新华社记者 李梦馨 摄"
CELLS = (("品种", "产量", "增幅"), ("水稻", "五百万吨", "百分之三"))


def structured_document(*, status: str = "approved") -> Document:
    """The page's document, every segment given the English ``EN <source>`` with ``status``."""
    doc = prepare_bytes(PAGE.encode("utf-8"), name="harvest.html")
    for seg in doc.segments():
        seg.target, seg.status = f"EN {seg.source}", status  # type: ignore[assignment]
        seg.provenance = {"engine": "fake"}
    return doc
