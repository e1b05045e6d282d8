"""The tenant's quota configuration (v1.0 ``config.project_config.get``, v2
``config.instance_config.list``): every documented config with its default value and, for v2,
how much of it the store uses.

Ids follow the documented order (``API_NUM_LIMIT`` is ``1``, ``APIGROUP_DOMAIN_NUM_LIMIT`` ``8``,
as the examples show). Defaults are the dedicated gateway's (professional edition); v1.0 shows
the shared gateway's documented values where its example gives them. Only the per-group domain
and per-app app code limits are enforced by the emulator; the others are reported, not enforced.
``used`` counts the resources (a per-parent limit: the fullest parent).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from translator.emulator.declare import Call, Handler
from translator.emulator.special.rows import filter_rows, listing
from translator.emulator.store import Doc

CONFIG_TIME = "2020-01-01T00:00:00Z"

# name, value, what it counts: (resource, per field; "parent": its declared parent) or None, remark
_CONFIGS: tuple[tuple[str, str, tuple[str, str | None] | None, str], ...] = (
    ("API_NUM_LIMIT", "800", ("api", None), "租户可以创建的API个数限制"),
    ("APP_NUM_LIMIT", "50", ("app", None), "租户可以创建的APP个数限制"),
    ("APIGROUP_NUM_LIMIT", "1500", ("api_group", None), "租户可以创建的API分组个数限制"),
    ("ENVIRONMENT_NUM_LIMIT", "10", ("env", None), "租户可以创建的环境个数限制"),
    ("VARIABLE_NUM_LIMIT", "50", ("env_variable", "group_id"), "每个API分组上可以创建的环境变量个数限制"),
    ("SIGN_NUM_LIMIT", "200", ("signature", None), "租户可以创建的签名密钥个数限制"),
    ("THROTTLE_NUM_LIMIT", "300", ("throttle", None), "租户可以创建的流控策略个数限制"),
    ("APIGROUP_DOMAIN_NUM_LIMIT", "5", ("domain", "group_id"), "每个API分组上可以绑定的自定义域名个数限制"),
    ("API_VERSION_NUM_LIMIT", "10", ("api_version", "api_id"), "每个API可以保留的发布版本个数限制"),
    ("VPC_NUM_LIMIT", "200", ("vpc_channel", None), "租户可以创建的VPC通道个数限制"),
    ("VPC_INSTANCE_NUM_LIMIT", "10", ("vpc_member", "parent"), "每个VPC通道上可以绑定的弹性云服务器个数限制"),
    ("API_PARAM_NUM_LIMIT", "50", None, "每个API可以设置的参数个数限制"),
    ("API_USER_CALL_LIMIT", "6000", None, "每个租户的API单位时间内的请求默认限制"),
    ("ACL_NUM_LIMIT", "100", ("acl", None), "每个租户可以创建的ACL策略个数限制"),
    ("APP_THROTTLE_LIMIT", "30", None, "特殊应用流控策略个数限制"),
    ("USER_THROTTLE_LIMIT", "30", None, "特殊用户流控策略个数限制"),
    ("API_NUM_LIMIT_PER_GROUP", "1000", ("api", "group_id"), "租户每个API分组可以创建的API数量限制"),
    ("API_POLICY_NUM_LIMIT", "5", None, "每个API可以设置的策略后端个数限制"),
    ("API_CONDITION_NUM_LIMIT", "5", None, "每个API策略后端可以设置的条件个数限制"),
    ("SL_DOMAIN_CALL_LIMIT", "1000", None, "每个二级域名单位时间内的请求默认限制"),
    ("ELB_SWITCH", "1", None, "是否启用ELB通道"),
    ("AUTHORIZER_NUM_LIMIT", "50", ("authorizer", None), "租户可创建的自定义认证个数限制"),
    ("AUTHORIZER_IDENTITY_NUM_LIMIT", "5", None, "每个自定义认证可以设置的身份来源个数限制"),
    ("APP_CODE_NUM_LIMIT", "5", ("app_code", "app_id"), "每个APP可以创建的APP code数量限制"),
    ("REGION_MANAGER_WHITELIST_SERVICES", "", None, "不校验region manager服务白名单列表，暂不支持"),
    ("API_SWAGGER_NUM_LIMIT", "20", None, "单个API分组可以绑定的swagger文档数量限制"),
    ("API_TAG_NUM_LIMIT", "10", None, "每个API可以设置的标签个数限制"),
    ("LTS_SWITCH", "2", None, "是启用LTS上报"),
    ("APP_KEY_SECRET_SWITCH", "1", None, "是否打开APP支持自定义KEY和SECRET的开关，1：开启；2：关闭"),
    ("RESPONSE_NUM_LIMIT", "4", None, "分组自定义响应个数限制"),
    ("CONFIG_NUM_LIMIT_PER_APP", "50", None, "每个APP可以设置的配置项个数限制"),
    ("BACKEND_TOKEN_ALLOW_SWITCH", "2", None, "是否支持普通租户透传后端token，1：开启；2：关闭"),
    ("APP_TOKEN_SWITCH", "2", None, "是否启用APPTOKEN"),
    ("API_DESIGNER_SWITCH", "2", None, "是否启用api设计器，1：开启；2：关闭"),
    ("APP_API_KEY_SWITCH", "2", None, "是否启用APP_API_KEY认证方式"),
    ("APP_BASIC_SWITCH", "2", None, "是否启用APP_BASIC认证方式"),
    ("APP_JWT_SWITCH", "2", None, "是否启用APP_JWT认证方式"),
    ("APP_ROUTE_SWITCH", "2", None, "是否启用APP路由"),
    ("PUBLIC_KEY_SWITCH", "2", None, "是否启用PUBLIK_KEY后端认证方式"),
    ("APP_SECRET_SWITCH", "2", None, "是否启用APP_SECRET认证方式"),
    ("CASCADE_SWITCH", "2", None, "是否启用级联网关"),
    ("IS_INIT_API_PATH_HASH", "2", None, "是否执行过API PATH HASH刷新"),
)
_V1_VALUES = {"API_NUM_LIMIT": "300", "APP_NUM_LIMIT": "30", "APIGROUP_NUM_LIMIT": "30"}


def _used(call: Call, counted: tuple[str, str | None] | None) -> int:
    if counted is None:
        return 0
    resource, per = counted
    res = call.res(resource)
    docs = call.store.list(res.kind)[0]
    per = res.parent if per == "parent" else per
    if per is None:
        return len(docs)
    counts: Counter[Any] = Counter(d.get(per) for d in docs)
    return max(counts.values(), default=0)


def configs(call: Call) -> Any:
    v1 = call.registry.dialect.version == "v1.0"
    rows: list[Doc] = []
    for number, (name, value, counted, remark) in enumerate(_CONFIGS, start=1):
        rows.append(
            {
                "config_id": str(number),
                "config_name": name,
                "config_value": _V1_VALUES.get(name, value) if v1 else value,
                "config_time": CONFIG_TIME,
                "remark": remark,
                "used": 0 if v1 else _used(call, counted),
            }
        )
    return listing(call, filter_rows(call, rows))


HANDLERS_V1: dict[str, Handler] = {"config.project_config.get": configs}
HANDLERS_V2: dict[str, Handler] = {"config.instance_config.list": configs}
