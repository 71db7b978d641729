"""Step 1: WeChat's error pages and verification wall are refused before anything else."""

from __future__ import annotations

import pytest
from conftest import ERROR_LABELS, needs_shared, read_page
from pagebuilders import VAR_BLOCK, modern_article, weui_page

from wx2md.errors import BadInput, PageUnavailable, VerificationWall
from wx2md.extract import extract


def test_deleted_page():
    with pytest.raises(PageUnavailable) as err:
        extract(weui_page("该内容已被发布者删除"))
    assert err.value.reason == "deleted"
    assert err.value.message == "article deleted by its author (该内容已被发布者删除)"


def test_blocked_page_carries_the_reason():
    reason = "接相关投诉，此内容违反《即时通信工具公众信息服务发展管理暂行规定》。"
    with pytest.raises(PageUnavailable) as err:
        extract(weui_page("此内容因违规无法查看", reason + '<a href="#">查看对应规则</a>'))
    assert err.value.reason == "blocked"
    assert reason in err.value.message and "\n" not in err.value.message


def test_expired_link_page():
    with pytest.raises(PageUnavailable) as err:
        extract(weui_page("链接已过期"))
    assert err.value.reason == "expired"


def test_tiny_unavailable_page():
    tiny = (
        "<!DOCTYPE html><html><head><title>该内容暂时无法查看</title></head><body>"
        '<div class="panel"><div class="mesg-block"><p>该内容暂时无法查看</p></div></div></body></head></html>'
    )
    with pytest.raises(PageUnavailable) as err:
        extract(tiny)
    assert err.value.reason == "unavailable"


def test_other_weui_error_page_is_unavailable_with_its_title():
    with pytest.raises(PageUnavailable) as err:
        extract(weui_page("根据作者隐私设置，无法查看该内容"))
    assert err.value.reason == "unavailable"
    assert "根据作者隐私设置" in err.value.message


def test_verification_wall():
    wall = weui_page("环境异常", "当前环境异常，完成验证后即可继续访问。") + "<script>location.href='/mp/wappoc_appmsgcaptcha?poc_token=x'</script>"
    with pytest.raises(VerificationWall) as err:
        extract(wall)
    assert "\n" not in err.value.message


def test_verification_wall_recognised_by_url():
    with pytest.raises(VerificationWall):
        extract("<html><body><div>去验证</div></body></html>", "https://mp.weixin.qq.com/mp/wappoc_appmsgcaptcha?poc_token=x")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not html at all",
        "<html><body><p>hello</p></body></html>",
        "<div id='js_article'></div>",
        "<html><body><p>博客文章：今天环境异常，完成验证后即可继续访问。</p></body></html>",
    ],
)
def test_not_a_wechat_page(raw):
    with pytest.raises(BadInput) as err:
        extract(raw)
    assert err.value.message == "not a WeChat article page"


def test_error_phrases_in_scripts_do_not_make_an_article_an_error():
    scripts = VAR_BLOCK + """
        var tips = '<div class="weui-msg__title">该内容已被发布者删除</div>';
        var wall = '环境异常 完成验证后即可继续访问 /mp/wappoc_appmsgcaptcha';
        var other = '此内容因违规无法查看 链接已过期 该内容暂时无法查看';
    """
    assert extract(modern_article(scripts=scripts)).kind == "article"


ERROR_REASONS = {
    "exp-deleted-by-author.html": "deleted",
    "exp-temporarily-unavailable.html": "unavailable",
    "sogou-2018-expired-link.html": "expired",
}


@needs_shared
@pytest.mark.parametrize("row", ERROR_LABELS, ids=[row["file"] for row in ERROR_LABELS])
def test_real_error_pages(row):
    with pytest.raises(PageUnavailable) as err:
        extract(read_page(row["file"]))
    assert err.value.reason == ERROR_REASONS[row["file"]]



def test_an_error_page_inside_an_article_container_is_no_error_page():
    """WeChat's article template carries hidden weui-msg blocks; an article page is never refused."""
    raw = modern_article().replace("</body>", '<div class="weui-msg"><h2 class="weui-msg__title">该内容已被发布者删除</h2></div></body>')
    assert extract(raw).kind == "article"
