"""WeChat's stickers (表情) by image URL: the matching emoji, else the text form `[Emm]`.

Articles show stickers as small images from WeChat's own servers; in a post
they are part of the sentence. Where Unicode has the same face or object the
emoji reads as the reader saw it; otherwise the bracketed name is what WeChat
itself writes when a message is copied as text. The names are WeChat's (the
table its pages carry for the comment panel).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Expression_1@2x.png … Expression_105@2x.png, in order; the older
# `images/icon/emotion/0.gif` … `104.gif` count the same list from zero.
EXPRESSIONS = (
    "微笑", "撇嘴", "色", "发呆", "得意", "流泪", "害羞", "闭嘴", "睡", "大哭", "尴尬", "发怒", "调皮", "呲牙", "惊讶", "难过",
    "酷", "囧", "抓狂", "吐", "偷笑", "愉快", "白眼", "傲慢", "饥饿", "困", "惊恐", "流汗", "憨笑", "悠闲", "奋斗", "咒骂",
    "疑问", "嘘", "晕", "疯了", "衰", "骷髅", "敲打", "再见", "擦汗", "抠鼻", "鼓掌", "糗大了", "坏笑", "左哼哼", "右哼哼", "哈欠",
    "鄙视", "委屈", "快哭了", "阴险", "亲亲", "吓", "可怜", "菜刀", "西瓜", "啤酒", "篮球", "乒乓", "咖啡", "饭", "猪头", "玫瑰",
    "凋谢", "嘴唇", "爱心", "心碎", "蛋糕", "闪电", "炸弹", "刀", "足球", "瓢虫", "便便", "月亮", "太阳", "礼物", "拥抱", "强",
    "弱", "握手", "胜利", "抱拳", "勾引", "拳头", "差劲", "爱你", "NO", "OK", "爱情", "飞吻", "跳跳", "发抖", "怄火", "转圈",
    "磕头", "回头", "跳绳", "投降", "激动", "乱舞", "献吻", "左太极", "右太极",
)
NEW_EMOJI = {
    "2_02": "奸笑",
    "2_04": "嘿哈",
    "2_05": "捂脸",
    "2_06": "机智",
    "2_07": "茶",
    "2_09": "红包",
    "2_10": "蜡烛",
    "2_11": "耶",
    "2_12": "皱眉",
    "smiley_83b": "抱拳",
    "2_14": "鸡",
    "2_15": "福",
    "smiley_39b": "再见",
    "2_16": "發",
    "2_17": "小狗",
    "Watermelon": "吃瓜",
    "Addoil": "加油",
    "Sweat": "汗",
    "Shocked": "天啊",
    "Cold": "Emm",
    "Social": "社会社会",
    "Yellowdog": "旺柴",
    "NoProb": "好的",
    "Slap": "打脸",
    "Wow": "哇",
    "KeepFighting": "加油加油",
    "Boring": "翻白眼",
    "666": "666",
    "LetMeSee": "让我看看",
    "Sigh": "叹气",
    "Hurt": "苦涩",
    "Broken": "裂开",
    "Flushed": "脸红",
    "Happy": "笑脸",
    "Lol": "破涕为笑",
    "Fireworks": "烟花",
    "Firecracker": "爆竹",
    "Party": "庆祝",
    "Terror": "恐惧",
    "Duh": "无语",
    "LetDown": "失望",
    "Sick": "生病",
    "Worship": "合十",
}
# The sticker's emoji where the picture and the Unicode character show the same thing.
EMOJI = {
    "微笑": "🙂", "撇嘴": "😕", "色": "😍", "得意": "😎", "流泪": "😢", "害羞": "☺️", "闭嘴": "🤐",
    "睡": "😴", "大哭": "😭", "尴尬": "😅", "发怒": "😡", "调皮": "😝", "呲牙": "😁", "惊讶": "😮",
    "难过": "🙁", "吐": "🤮", "偷笑": "🤭", "愉快": "😊", "白眼": "🙄", "困": "😪", "惊恐": "😨",
    "流汗": "😓", "疑问": "🤔", "嘘": "🤫", "晕": "😵", "骷髅": "💀", "再见": "👋", "鼓掌": "👏",
    "哈欠": "🥱", "亲亲": "😘", "可怜": "🥺", "菜刀": "🔪", "西瓜": "🍉", "啤酒": "🍺", "篮球": "🏀",
    "乒乓": "🏓", "咖啡": "☕", "饭": "🍚", "猪头": "🐷", "玫瑰": "🌹", "凋谢": "🥀", "嘴唇": "💋",
    "爱心": "❤️", "心碎": "💔", "蛋糕": "🎂", "闪电": "⚡", "炸弹": "💣", "刀": "🗡️", "足球": "⚽",
    "瓢虫": "🐞", "便便": "💩", "月亮": "🌙", "太阳": "☀️", "礼物": "🎁", "拥抱": "🤗", "强": "👍",
    "弱": "👎", "握手": "🤝", "胜利": "✌️", "拳头": "👊", "OK": "👌", "奸笑": "😏", "捂脸": "🤦",
    "茶": "🍵", "红包": "🧧", "蜡烛": "🕯️", "耶": "✌️", "皱眉": "😟", "鸡": "🐥", "小狗": "🐶",
    "加油": "💪", "汗": "😓", "脸红": "😳", "笑脸": "😄", "破涕为笑": "😂", "烟花": "🎆", "爆竹": "🧨",
    "庆祝": "🎉", "恐惧": "😱", "无语": "😒", "失望": "😔", "生病": "😷", "合十": "🙏",
}
EXPRESSION_URL = re.compile(r"/Expression/Expression_(\d+)@\dx\.png$")
NEW_EMOJI_URL = re.compile(r"/we-emoji/.*/newemoji/([\w-]+)\.png$")
EMOTION_GIF_URL = re.compile(r"/images/icon/emotion/(\d+)\.gif$")


def sticker_text(url: str | None) -> str | None:
    """🙂 or `[Emm]` for a sticker's image URL; None when the URL is no sticker WeChat names."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not (parts.hostname or "").endswith("qq.com"):
        return None
    name = None
    if match := EXPRESSION_URL.search(parts.path):
        name = _nth(int(match.group(1)))
    elif match := EMOTION_GIF_URL.search(parts.path):
        name = _nth(int(match.group(1)) + 1)
    elif match := NEW_EMOJI_URL.search(parts.path):
        name = NEW_EMOJI.get(match.group(1))
    if not name:
        return None
    return EMOJI.get(name) or f"[{name}]"


def is_sticker_url(url: str | None) -> bool:
    """Whether the URL is from WeChat's sticker sets, named or not."""
    if not url:
        return False
    path = urlsplit(url.strip()).path
    return bool(EXPRESSION_URL.search(path) or NEW_EMOJI_URL.search(path) or EMOTION_GIF_URL.search(path))


def _nth(n: int) -> str | None:
    return EXPRESSIONS[n - 1] if 1 <= n <= len(EXPRESSIONS) else None
