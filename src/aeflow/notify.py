"""Sending alerts to team IM webhooks, each in its own message format:
飞书/Lark (post), 钉钉 DingTalk (markdown), 企业微信 WeCom (markdown) and Slack (blocks)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from aeflow.engines.monitoring.triggers import Alert
from aeflow.errors import AeflowError
from aeflow.i18n import _

TIMEOUT = 10.0
HOSTS = {"open.feishu.cn": "feishu", "open.larksuite.com": "feishu", "oapi.dingtalk.com": "dingtalk",
         "qyapi.weixin.qq.com": "wecom", "hooks.slack.com": "slack"}


class NotifyFailed(AeflowError):
    """An IM webhook did not accept a message."""


def kind_of(url: str) -> str | None:
    return HOSTS.get(urlparse(url).hostname or "")


def _title(alert: Alert) -> str:
    return _("aeflow alert: {risk}", risk=f"{alert.risk_id} {alert.risk}")


def feishu(alert: Alert) -> dict[str, Any]:
    rows = [[{"tag": "text", "text": f"{label}: {value}"}] for label, value in alert.lines()]
    return {"msg_type": "post", "content": {"post": {"zh_cn": {"title": _title(alert), "content": rows}}}}


def _markdown(alert: Alert) -> str:
    return f"### {_title(alert)}\n" + "\n".join(f"- **{label}**: {value}" for label, value in alert.lines())


def dingtalk(alert: Alert) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": _title(alert), "text": _markdown(alert)}}


def wecom(alert: Alert) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": _markdown(alert)}}


def slack(alert: Alert) -> dict[str, Any]:
    fields = [{"type": "mrkdwn", "text": f"*{label}*\n{value}"} for label, value in alert.lines()]
    return {"text": _title(alert), "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": _title(alert)[:150]}},
        {"type": "section", "fields": fields[:10]}]}


FORMATS: dict[str, Callable[[Alert], dict[str, Any]]] = {
    "feishu": feishu, "lark": feishu, "dingtalk": dingtalk, "wecom": wecom, "slack": slack}


def send(url: str, alert: Alert, kind: str | None = None) -> None:
    """POST the alert to ``url`` in the format of ``kind`` (default: from the URL's host)."""
    kind = kind or kind_of(url)
    if kind not in FORMATS:
        raise NotifyFailed(_("unknown webhook kind {kind}; use feishu, dingtalk, wecom or slack", kind=str(kind)))
    body = json.dumps(FORMATS[kind](alert), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            text = response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError) as exc:
        raise NotifyFailed(_("the webhook {url} failed: {reason}", url=url, reason=str(exc))) from None
    try:
        answer = json.loads(text) if text.strip().startswith("{") else {}
    except json.JSONDecodeError:
        answer = {}
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, None):
        raise NotifyFailed(_("the webhook {url} refused the message: {reason}", url=url,
                             reason=str(answer.get("errmsg") or answer.get("msg") or code)))
