"""WeChat-shaped pages for the extraction tests: each builder writes the markup and
scripts of one page kind the way WeChat's templates do (see ../shared/docs/wechat-pages.md).
"""

from __future__ import annotations

import re

from bs4 import Tag


def page(*, head: str = "", body: str = "", scripts: str = "", title: str = "") -> str:
    """A page shaped like WeChat's: head with meta tags, body markup, then inline scripts."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}"
        "<style>.weui-msg__title{color:red} #js_content{visibility:hidden}</style>"
        "<script>var doc = document.getElementById('js_content');"
        " var tpl = '<div id=\"js_content\">template</div>';</script>"
        f"</head><body id='activity-detail'>{body}<script>{scripts}</script></body></html>"
    )


def article_body(content: str = "<p>正文第一段</p><p>正文第二段</p>", *, header: str = "", after: str = "") -> str:
    return (
        '<div id="js_article" class="rich_media"><div id="img-content">'
        '<h1 class="rich_media_title" id="activity-name"><span class="js_title_inner">页面标题</span></h1>'
        '<div id="meta_content"><span id="js_author_name">页面作者</span>'
        '<a href="javascript:void(0);" id="js_name"> 页面公众号 </a><em id="publish_time"></em></div>'
        f"{header}"
        '<div class="rich_media_content" id="js_content" style="visibility: hidden; opacity: 0;">'
        f"{content}</div>{after}</div></div>"
    )


VAR_BLOCK = r"""
    var item_show_type = "0";
    var create_time = "1762243169" * 1;
    var _copyright_stat = "1";
    var nickname = htmlDecode("波元霸");
    var ct = "1762243169";
    var user_name = "gh_139c40f8a7c6";
    var msg_title = '好险，就差1.5点\x26amp;两手准备'.html(false);
    var msg_desc = htmlDecode("第一行\x0a第二行 &quot;引号&quot;");
    var msg_cdn_url = "https://mmbiz.qpic.cn/mmbiz_jpg/COVERcoverCOVERcoverCOVER/0?wx_fmt=jpeg&amp;tp=webp";
    var msg_link = "http://mp.weixin.qq.com/s?__biz=MzIxMTgzNjE5MA==&amp;mid=2247494261&amp;idx=1&amp;sn=d2d5&amp;chksm=ab#rd";
    var msg_source_url = 'https://example.com/original?a=1&amp;b=2';
    var author = "元霸";
    var copyright_stat = "1" * 1;
"""


def modern_article(content: str = "<p>正文第一段</p><p>正文第二段</p>", *, head: str = "", scripts: str = VAR_BLOCK) -> str:
    return page(head=head, body=article_body(content), scripts=scripts)


def text_of(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


PICTURE_SCRIPTS = r"""
    window.item_show_type = '8' || '';
    window.ct = '1762338600' || '';
    window.msg_title = '图片消息标题' || '';
    (function() {
        function JsDecode(str) { return str && str.replace(/\\x0a/g, '\n'); }
        window.cgiDataNew = {
            user_name: JsDecode('gh_240fbf8b33e4'),
            nick_name: JsDecode('36氪'),
            title: JsDecode('图片消息标题'),
            desc: JsDecode('摘要'),
            content_noencode: JsDecode('第一段第一行\x0a第一段第二行\x0a\x0a第二段 #话题 \x22引号\x22 \x3cb\x3e不是标签\x3c/b\x3e'),
            create_time: JsDecode('2025-11-05 18:30'),
            cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_jpg/COVER/0?wx_fmt=jpeg'),
            link: JsDecode('https://mp.weixin.qq.com/s/JJyPUpHLM2bGvfk5FNvTUA'),
            picture_page_info_list: [
                {
                    cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_png/PIC1/0?wx_fmt=png\x26amp;from=appmsg'),
                    width: '1201' * 1,
                    watermark_info: { cdn_url: JsDecode('http://mmbiz.qpic.cn/mmbiz_png/WATERMARK/0?wx_fmt=png') },
                    share_cover: { cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_jpg/SHARE/0?wx_fmt=jpeg') },
                },
                { cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_png/PIC2/0?wx_fmt=png\x26amp;tp=webp'), share_cover: { cdn_url: JsDecode('') } },
                { width: '10' * 1, cdn_url: JsDecode('http://mmbiz.qpic.cn/mmbiz_png/PIC3/0?wx_fmt=png') },
            ],
        };
    })();
"""


PICTURE_BODY = (
    '<div id="js_article" class="page_pages share_content_page"><div class="wx_follow_nickname">36氪</div>'
    '<div id="img_list" class="swiper"></div></div>'
)


def text_post(title: str, text: str, *, user_title: str = "1") -> str:
    scripts = f"""
        window.item_show_type = '10' || '';
        window.ct = '1759817591' || '';
        window.msg_title = '{title}' || '';
        window.cgiDataNew = {{
            nick_name: JsDecode('轩辕的编程宇宙'),
            title: JsDecode('{title}'),
            content_noencode: JsDecode('{text}'),
            text_page_info: {{ is_user_title: '{user_title}' }},
        }};
    """
    body = (
        '<div id="js_article" class="page_pages share_content_page"><div id="js_content">'
        '<div class="wx_follow_nickname">轩辕的编程宇宙</div>'
        f'<h1 id="js_text_title" class="rich_media_title">{title}</h1>'
        '<p id="js_text_desc" class="share_notice_inner"></p></div></div>'
    )
    return page(body=body, scripts=scripts)


SHARE_BODY = """
<div id="js_article" class="rich_media"><div id="img-content" class="original_page">
  <h1 class="rich_media_title" id="activity-name"> 和死神赛跑 </h1>
  <div id="meta_content"><a id="js_name">阮一峰的网络日志</a></div>
  <p class="share_notice" id="js_share_notice">
    <script type="text/javascript">
      if (!window.__second_open__) {
        document.getElementById('js_share_notice').innerHTML = "上周我推荐\\x26amp;转发。\\x0a\\x0a当时我说 \\x3cb\\x3e很好\\x3c/b\\x3e\\x0a第二行".replace(/\\r/g,"").replace(/\\n/g,"<br>").replace(/\\s/g,"&nbsp;");
      }
    </script>
  </p>
  <div class="share_media" id="js_share_content">
    <div class="original_panel" aria-labelledby="original_panel_title js_content js_share_source">
      <div class="original_account_nickname" id="js_share_author">索罗说</div>
      <div class="original_panel_title"><span id="original_panel_title">和死神赛跑：原文标题</span>
        <span class="original_panel_tips" id="original_panel_tips">原创</span></div>
      <div class="original_panel_content js_underline_content" id="js_content" aria-hidden="true"></div>
      <div class="original_panel_tool"><span data-url="http://mp.weixin.qq.com/s?__biz=MzIx%3D%3D&amp;mid=22&amp;idx=1&amp;sn=8c&scene=45#wechat_redirect" class="weui-link" id="js_share_source">阅读全文</span></div>
    </div>
  </div>
</div></div>
"""


def weui_page(title: str, desc: str = "") -> str:
    desc_html = f'<p class="weui-msg__desc">{desc}</p>' if desc else ""
    return (
        "<html><head><title></title><script>var a = 1;</script></head><body>"
        '<div class="weui-msg"><div class="weui-msg__icon-area"><i class="weui-icon-warn"></i></div>'
        f'<div class="weui-msg__text-area"><h2 class="weui-msg__title warn">\n   {title}\n  </h2>{desc_html}</div>'
        '<div class="weui-msg__extra-area"><a href="https://mp.weixin.qq.com/webpoc/ruleCenter">微信公众平台运营中心</a></div>'
        "</div></body></html>"
    )



def js_decode(s: str) -> str:
    """An independent decoder for the test oracles (no jsvars)."""
    s = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), s)
    s = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)
    s = s.replace("\\'", "'").replace('\\"', '"').replace("\\\\", "\\")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&")):
        s = s.replace(entity, char)
    return s


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)



VIDEO_ID = "wxv_2471423457168441345"


def video_page(*, scripts: str = "", desc: str = "凌晨四点，城南的菜市场已经亮灯。\n摊主们卸货、洗菜、码货，一天从这里开始。") -> str:
    """WeChat's video page (/mp/videoplayer) as a browser saves it: the `js_mpvedio` player with
    its drawn furniture, then the title, the account, the date and the description."""
    player = (
        f'<div id="js_mpvedio_wrapper_{VIDEO_ID}" style="height: 100%;">'
        '<div class="js_mpvedio page_video_wrapper" id="js_mpvedio_1614679200000_4821">'
        '<div class="js_page_video page_video ratio_primary" style="display: block; width: 100%; height: 211px;">'
        '<video class="video_fill" poster="https://mmbiz.qpic.cn/mmbiz_jpg/VIDEOposterVIDEO/0?wx_fmt=jpeg" '
        'src="https://mpvideo.qpic.cn/0bc3xyaaeaaaoqaefgqbqjqvbxwdbiqaacaa.f10002.mp4?dis_k=abc&amp;dis_t=1614679200" '
        'webkit-playsinline="isiPhoneShowPlaysinline" playsinline="isiPhoneShowPlaysinline">您的浏览器不支持 video 标签</video>'
        '<div class="video_tail_module" id="js_video_tail_panel"><div class="account_info_wrp">'
        '<div class="account_subscription_tips js_subscription_success">已关注</div>'
        '<div class="btn_account_subscription">Follow</div></div>'
        '<div class="opr_wrp"><span><i class="opr_item refresh_icon"></i><span>Replay</span></span>'
        '<span><i class="opr_item share_icon"></i><span>Share</span></span>'
        '<span><i class="opr_item like_icon"></i><span>Like</span></span></div></div>'
        '<div class="weui-half-screen-dialog__hd__main">'
        '<strong class="weui-half-screen-dialog__title">观看更多</strong></div>'
        '<div class="js_loading video_loading"><p>Loading...</p></div>'
        '<div class="js_error_area video_error"><p class="video_error_tips">视频加载失败，请刷新页面再试</p>'
        '<a href="javascript:;" class="weui-btn">Refresh</a></div>'
        '</div></div></div>'
    )
    body = (
        '<div id="js_article" class="rich_media video_page">'
        f'<div id="page-content" class="rich_media_area_primary">{player}'
        '<div class="video_info"><h1 class="rich_media_title video_title" id="js_video_page_title">凌晨四点的菜市场</h1>'
        '<div class="video_meta rich_media_meta_list"><a class="account_nickname" href="javascript:void(0);">'
        '<span class="account_nickname_inner">城市漫游记</span></a>'
        '<em id="publish_time" class="rich_media_meta rich_media_meta_text">2021年03月02日 18:00</em></div>'
        f'<div class="video_desc" id="js_video_desc">{desc.replace(chr(10), "<br/>")}</div>'
        '<div class="interact_video"><a href="javascript:;">Video Details</a></div></div></div></div>'
    )
    return page(body=body, scripts=scripts, title="凌晨四点的菜市场")
