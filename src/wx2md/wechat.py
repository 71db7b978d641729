"""The vocabulary of WeChat article pages: element ids, classes and script variable names.

Every name WeChat's templates use and wx2md relies on is spelled once, here, so a
change on WeChat's side is one edit and each stage's choice of names is visible.
Facts come from the real pages (see ../shared/docs/wechat-pages.md).
"""

from __future__ import annotations

from datetime import timedelta, timezone

# WeChat's wall-clock strings (create_time: JsDecode('2025-11-05 18:30'),
# publish_time = "2018-12-05", #publish_time text) are China time.
CHINA_TZ = timezone(timedelta(hours=8))

ARTICLE_HOST = "mp.weixin.qq.com"
ARTICLE_URL = "https://mp.weixin.qq.com/s?__biz={biz}&mid={mid}&idx={idx}"
# The parameters that identify an article in the long `/s?__biz=…` form; the rest
# (chksm, scene, sessionid, #rd) are tracking noise that differs per share.
ARTICLE_PARAMS = ("__biz", "mid", "idx", "sn")


class Id:
    """Element ids."""

    ARTICLE = "js_article"  # the article's outer container
    OLD_ARTICLE = ("img-content", "page-content")  # older pages' containers
    CONTENT = "js_content"  # the body of an ordinary article
    TITLE = "activity-name"  # h1 (h2 before 2020)
    ACCOUNT = "js_name"
    AUTHOR = "js_author_name"
    PUBLISH_TIME = "publish_time"  # em: empty on server pages, rendered text in saved copies
    POST_DATE = "post-date"  # em on 2016-2018 pages
    META = "meta_content"  # the line under the title: 原创 badge, date, writer, account
    COPYRIGHT = "copyright_logo"  # the 原创 badge (`原创：` before the writer on late-2018 pages)
    TEXT_TITLE = "js_text_title"  # text posts (item_show_type 10)
    VIDEO_TITLE = "js_video_page_title"  # the video page's (/mp/videoplayer, item_show_type 5) h1
    VIDEO_PLAYER_PREFIX = "js_mpvedio_"  # the player's id (js_mpvedio_wrapper_wxv_…, js_mpvedio_<n>)
    TEXT_DESC = "js_text_desc"
    IMAGE_LIST = "img_list"  # picture posts' (empty) swiper
    SHARE_CARD = "js_share_content"  # share / repost card
    SHARE_NOTICE = "js_share_notice"  # the sharer's comment, filled in by a script
    SHARE_TITLE = ("original_panel_title", "js_share_title")
    SHARE_SOURCE = "js_share_source"  # carries data-url of the shared article


class Class:
    """Element classes."""

    TITLE_INNER = "js_title_inner"  # span inside #activity-name (besides badges such as 已付费)
    PICTURE_PAGE = "share_content_page"  # #js_article on picture and text posts
    FOLLOW_NICKNAME = "wx_follow_nickname"
    META_LIST = "rich_media_meta_list"  # #meta_content's class (older saved copies lose the id)
    META_TEXT = "rich_media_meta_text"  # a plain item of that line: the date, or the writer (2016-2018: an <em>)
    META_NICKNAME = "rich_media_meta_nickname"  # the account's item of that line
    PROFILE_NICKNAME = "profile_nickname"
    ACCOUNT_NICKNAME = "account_nickname_inner"  # the account's name on video pages
    VIDEO_PLAYER = "js_mpvedio"  # WeChat's video player (its text is furniture: 已关注, Replay, 观看更多…)
    TAG_ITEM = "article-tag__item"
    TOPIC_LINK = "wx_topic_link"  # a #hashtag (data-topic, no href)
    IMAGE_REFER_LINK = "wx_img_refer_link"  # 图2 in a picture post's text: points at its second picture (data-seq)
    MINIPROGRAM_TEXT_LINK = "weapp_text_link"  # a mini-program link (data-miniprogram-appid, path, nickname)
    SHARE_PANEL_TITLE = "original_panel_title"
    SHARE_PANEL_TIPS = "original_panel_tips"  # 原创 badge beside the shared title
    PROFILE_CARD = "mp_profile_iframe_wrp"  # account card in the body: content, not furniture
    CODE_SNIPPET = "code-snippet__fix"  # WeChat editor's code block (one <code> per line, a <ul> gutter)
    # WeChat's own error pages.
    ERROR_TITLE = "weui-msg__title"
    ERROR_DESC = "weui-msg__desc"
    ERROR_BLOCK = "mesg-block"  # the tiny "temporarily unavailable" page
    GLOBAL_ERROR = "global_error_msg"


class Var:
    """Script variables (`var name = …`, `window.name = …`, keys of `window.cgiDataNew`)."""

    TITLE = "msg_title"
    DIGEST = "msg_desc"
    LINK = "msg_link"
    SOURCE_URL = "msg_source_url"
    COVER = ("msg_cdn_url", "cdn_url_1_1", "cdn_url_235_1")
    ACCOUNT = "nickname"
    ACCOUNT_ID = "user_name"
    AUTHOR = "author"
    UNIX_TIME = ("ct", "create_time")  # unix seconds
    DAY = "publish_time"  # "YYYY-MM-DD" on 2016-2018 pages
    COPYRIGHT = ("copyright_stat", "_copyright_stat")  # 1 original, 2 reprint
    SHOW_TYPE = "item_show_type"  # 0 article, 5 video, 8 picture post, 10 text post
    LINK_PARTS = ("biz", "mid", "idx", "sn")  # old pages declare them outside the data block
    ALBUMS = "album_info_list"
    # window.* lists and the cgiDataNew object
    PICTURES = "picture_page_info_list"
    WINDOW_ALBUMS = "appmsgalbuminfo"
    TOPICS = "window.cgiData.topics"
    CGI = "window.cgiDataNew"
    TEXT_CONTENT = "TextContentNoEncode"  # var of older text posts
    CGI_DATA_VID = "window.cgiData.vid"  # the video page's video id
    SHARE_NOTICE_HTML = "document.getElementById('js_share_notice').innerHTML"
    DATA_ACCOUNT = "d.nick_name"  # `d.nick_name = (xml ? … : '36氪').html(false)` on current pages
    # Every name the script index looks for (`var name =`, `window.name =`).
    DECLARED = (
        TITLE, DIGEST, LINK, SOURCE_URL, *COVER, ACCOUNT, ACCOUNT_ID, AUTHOR, *UNIX_TIME, DAY, *COPYRIGHT,
        SHOW_TYPE, *LINK_PARTS, ALBUMS, TEXT_CONTENT,
    )
    ON_WINDOW = (
        "ct", SHOW_TYPE, TITLE, DIGEST, LINK, SOURCE_URL, COVER[0], "cdn_url_1_1", ACCOUNT_ID, ACCOUNT, "name",
        AUTHOR, *LINK_PARTS, "desc", "copyright_stat", "create_time", DAY, PICTURES, WINDOW_ALBUMS, "cgiData.topics",
    )


class Cgi:
    """Keys of `window.cgiDataNew` (picture and text posts keep their data there)."""

    TITLE = "title"
    DIGEST = "desc"
    CONTENT = "content_noencode"  # text (picture/text posts) or HTML (articles)
    LINK = "link"
    SOURCE_URL = "source_url"
    COVER = "cdn_url"
    ACCOUNT = "nick_name"
    ACCOUNT_ID = "user_name"
    AUTHOR = "author"
    UNIX_TIME = "ori_create_time"
    WALL_CLOCK = "create_time"  # '2025-11-05 18:30'
    COPYRIGHT = "copyright_info"
    SHOW_TYPE = "item_show_type"
    TAGS = "public_tag_info"
    TEXT_PAGE = "text_page_info"  # holds is_user_title: '0' when a text post has no title


class Widget:
    """Custom elements of WeChat's editor (embeds.py turns each into a line)."""

    PREFIX = "mp-"  # every newer widget: mp-common-*, mp-miniprogram, mp-video
    STYLE = "mp-style-type"  # a style switch, not a widget: dropped like <style>
    AUDIO = ("mp-common-mpaudio", "mpvoice")
    MUSIC = ("qqmusic", "mp-common-qqmusic")
    VIDEO = ("mpvideo", "mp-common-videosnap", "mp-video")
    CHANNELS_VIDEO = "mp-common-videosnap"  # a 视频号 (Channels) video: no link, a name and a caption
    PROFILE = "mp-common-profile"  # an account card
    MINIPROGRAM = "mp-miniprogram"
    PLACE = "mp-common-poi"
    PRODUCT = ("mp-common-product", "mp-common-goods")
    UNPREFIXED = ("mpvoice", "qqmusic", "mpvideo")  # older widgets without the mp- prefix
    VOTE = "newappmsgvote"  # in a vote iframe's src
    # Players WeChat's scripts draw for a widget: a page saved after they ran keeps them (with
    # or without the widget they were drawn for), full of player text (来自…, 00:00, Replay, 观看更多).
    DRAWN_AUDIO = frozenset({"js_audio_frame", "audio_area", "audio_card", "qqmusic_area"})
    DRAWN_VIDEO = frozenset({"js_mpvedio", "mp-video-player", "page_video_wrapper", "feed-wrapper",
                             "js_tx_video_container", "wx_video_iframe", "video_iframe"})
    DRAWN_VIDEO_PREFIXES = ("js_mpvedio_", "js_mp_video_container_")  # + the video's id, on the wrapper
    # Where a drawn player shows its name, its author (来自…) and its length.
    DRAWN_TITLES = ("audio_card_title", "audio_title", "qqmusic_songname")
    DRAWN_AUTHORS = ("audio_card_desc", "audio_source", "qqmusic_singername")
    DRAWN_LENGTHS = ("audio_card_length_total", "audio_length")
    # Words a drawn video player shows around its <video> (its buttons, states and overlays), in both
    # of WeChat's languages: a box holding nothing else is the player.
    PLAYER_WORDS = frozenset({
        "已关注", "关注", "Follow", "Followed", "Replay", "Share", "Like", "Loading...", "Refresh", "Video", "Details",
        "观看更多", "视频详情", "重播", "分享", "点赞", "在看", "刷新", "播放", "暂停", "继续播放", "倍速", "全屏", "退出全屏",
        "视频加载失败，请刷新页面再试", "Failed", "to", "load", "video", "/", "·",
    })
    PLAYER_SIGNS = frozenset({"Replay", "Loading...", "Refresh", "观看更多", "视频详情", "视频加载失败，请刷新页面再试"})  # never an author's line


class ShowType:
    """`item_show_type` values that change where the content is."""

    VIDEO = 5  # a video post: with no body, the video page's layout
    PICTURE = 8
    TEXT = 10


# Error pages: phrases of WeChat's headline (`.weui-msg__title`, `<title>`, `.mesg-block`).
DELETED = ("已被发布者删除", "已被作者删除", "已被发送人删除", "has been deleted")
BLOCKED = ("违规无法查看", "涉嫌违规", "被投诉", "violat")
EXPIRED = ("链接已过期", "已过期", "has expired")
UNAVAILABLE = ("暂时无法查看", "无法查看", "unavailable")
VERIFICATION = ("环境异常", "完成验证后即可继续访问")
CAPTCHA_PATH = "wappoc_appmsgcaptcha"
GENERIC_TITLE = "微信公众平台"  # the <title> of pages that name no article
ORIGINAL_MARKS = ("原创", "Original")  # the copyright badge's words (Chinese and English UI)
FOLLOW_PROMPT = "关注"  # "follow": a writer field holding it is a call to follow the account (读武汉关注☞), no name
# Marks that a page comes from WeChat at all (a blog post quoting 环境异常 is not a wall).
WECHAT_MARKS = ("weui", "mp.weixin.qq.com", "res.wx.qq.com", CAPTCHA_PATH)


# For the cleaner (clean.py, embeds.py, code.py): WeChat's names for what is not article content.
# Page furniture that sometimes lands inside a saved body (ids and classes). The account card
# wrapper (`mp_profile_iframe_wrp`) is not furniture: the card is content.
FURNITURE = frozenset(
    {
        "js_top_ad_area", "js_pc_qr_code", "content_bottom_area", "js_tags_preview_toast",
        "qr_code_pc", "qr_code_pc_outer", "js_bottom_ad_area", "js_sponsor_ad_area",
        "reward_area", "reward_qrcode_area", "js_reward_area", "rich_media_tool",
        "js_toobar3", "like_area", "js_like_area", "js_comment_area", "discuss_container",
        "js_read_area3", "rich_media_extra", "js_share_area", "wx_profile_card_inner",
        "js_pc_weapp_code", "js_ad_area", "js_insert_ad_area",
    }
)
AD_EMBEDS = frozenset({"mp-common-cpsad", "mp-common-adcard", "mp-common-sticker-ad"})  # custom elements
PROFILE_URL = "https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={}"  # an account's home page
VOICE_URL = "https://res.wx.qq.com/voice/getvoice?mediaid={}"  # an mpvoice recording's file
MPVIDEO_URL = "https://mp.weixin.qq.com/mp/readtemplate?t=pages/video_player_tmpl&action=mpvideo&vid={}"
TXVIDEO_URL = "https://v.qq.com/x/page/{}.html"  # Tencent Video's page of a `vid`
# Where an <img>'s real address is, in order of trust: WeChat's lazy loader leaves `src` a
# placeholder (or nothing) and keeps the picture in `data-src`.
LAZY_SRC = "data-src"
IMAGE_SOURCES = (LAZY_SRC, "data-croporisrc", "data-original", "data-backsrc", "src")
# WeChat's image CDN (mmbiz.qpic.cn, wx.qlogo.cn): the images that die when hotlinked.
IMAGE_HOSTS = ("qpic.cn", "qlogo.cn")
IMAGE_CDN = "mmbiz.q"  # in every article image's host: mmbiz.qpic.cn, mmbiz.qlogo.cn
IMAGE_CDN_HOSTS = r"mmbiz\.q(?:pic|logo)\.cn"  # the same hosts, as a pattern
SVG_IMAGE_PATH = "mmbiz_svg"  # the CDN's folder of SVG drawings: decoration, never a picture
# Words in a code block's classes that name WeChat's editor, not the language.
NOT_CODE_LANGUAGES = frozenset({"js_darkmode", "hljs", "code", "snippet", "fix", "outer", "line", "wrap", "text"})
