"""The differential test's rules for apps (secrets, AppCodes, authorizations to published APIs),
signature keys, publishing, and the bindings of throttles, ACLs and signature keys to published
APIs (``tests/shim/test_differential.py`` runs them with the other families).

Bundles are shared with the test's machine by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, rule

from helpers.differential import Obj, Published, first_ids

NAMES = st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True)
PAGE_SIZE = st.sampled_from([1, 2, 5, 20])
BINDINGS = {"throttle": "throttle-bindings", "acl": "acl-bindings", "signature": "sign-bindings"}
POLICY_FIELD = {"throttle": "strategy_id", "acl": "acl_id", "signature": "sign_id"}
"""Per policy kind: its bindings' collection and the create body's field naming the policy."""
BOUND_POLICIES = {"throttle": "binded-throttles", "acl": "binded-acls", "signature": "binded-signs"}
POLICY_QUERY = {"throttle": "throttle_id", "acl": "acl_id", "signature": "sign_id"}
APP_CODE = st.sampled_from(["A" * 64, "b1+/=" * 13, "short"])


class AppFamilies(RuleBasedStateMachine):
    objects = Bundle("objects")
    apis = Bundle("apis")
    envs = Bundle("envs")
    apps = Bundle("apps")
    policies = Bundle("policies")
    published = Bundle("published")
    codes = Bundle("codes")
    grants = Bundle("grants")
    bindings = Bundle("bindings")

    if TYPE_CHECKING:  # the test's machine has these

        def send(
            self,
            method: str,
            path: str,
            body: Any = None,
            params: dict[str, Any] | None = None,
            raw: bytes | None = None,
            shim_path: str | None = None,
            shim_body: Any = None,
            shim_params: dict[str, Any] | None = None,
        ) -> tuple[int, Any, Any]: ...

        def _made(
            self, kind: str, status: int, left: Any, right: Any, parent: Obj | None = None
        ) -> Obj | None: ...
        def create_group(self, name: str) -> Any: ...
        def create_env(self, name: str) -> Any: ...
        def create_api(self, group: Obj | None, name: str, protocol: str, auth: str) -> Any: ...
        def create_throttle(self, name: str, limit: int, unit: str) -> Any: ...
        def create_acl(self, name: str, kind: str, value: str, entity: str) -> Any: ...

    # signature keys, apps, their secrets and AppCodes
    @rule(targets=(objects, policies), name=st.one_of(NAMES, st.just("ab")))
    def create_signature(self, name: str) -> Any:
        return self._made("signature", *self.send("POST", "/signs", {"name": name}))

    @rule(
        targets=(objects, apps), name=st.one_of(NAMES, st.just("ab")), remark=st.sampled_from(["", "an app"])
    )
    def create_app(self, name: str, remark: str) -> Any:
        return self._made("app", *self.send("POST", "/apps", {"name": name, "remark": remark}))

    @rule(app=apps)
    def reset_secret(self, app: Obj | None) -> None:
        if app is not None:
            self.send("PUT", f"/apps/secret/{app.v1}", {}, shim_path=f"/apps/secret/{app.shim}")

    @rule(app=apps)
    def verify_app(self, app: Obj | None) -> None:
        if app is not None:
            self.send("GET", f"/apps/validation/{app.v1}", shim_path=f"/apps/validation/{app.shim}")

    @rule(target=codes, app=apps, code=APP_CODE)
    def create_code(self, app: Obj | None, code: str) -> Any:
        if app is None:
            return None
        made = self.send(
            "POST", f"/apps/{app.v1}/app-codes", {"app_code": code}, shim_path=f"/apps/{app.shim}/app-codes"
        )
        return self._made("code", *made, app)

    @rule(target=codes, app=apps)
    def generate_code(self, app: Obj | None) -> Any:
        if app is None:
            return None
        made = self.send("PUT", f"/apps/{app.v1}/app-codes", {}, shim_path=f"/apps/{app.shim}/app-codes")
        return self._made("code", *made, app)

    @rule(code=codes)
    def get_code(self, code: Obj | None) -> None:
        if code is not None and code.parent is not None:
            app = code.parent
            self.send(
                "GET",
                f"/apps/{app.v1}/app-codes/{code.v1}",
                shim_path=f"/apps/{app.shim}/app-codes/{code.shim}",
            )

    @rule(app=apps, page_size=PAGE_SIZE)
    def list_codes(self, app: Obj | None, page_size: int) -> None:
        if app is not None:
            self.send(
                "GET",
                f"/apps/{app.v1}/app-codes/",
                params={"page_size": page_size},
                shim_path=f"/apps/{app.shim}/app-codes/",
            )

    @rule(code=consumes(codes))
    def delete_code(self, code: Obj | None) -> None:
        if code is not None and code.parent is not None:
            app = code.parent
            self.send(
                "DELETE",
                f"/apps/{app.v1}/app-codes/{code.v1}",
                shim_path=f"/apps/{app.shim}/app-codes/{code.shim}",
            )

    # publishing, app authorizations and policy bindings
    @rule(target=published, api=apis, env=envs)
    def publish(self, api: Obj | None, env: Obj | None) -> Any:
        if api is None or env is None:
            return None
        status, left, right = self.send(
            "POST",
            f"/apis/publish/{api.v1}",
            {"env_id": env.v1},
            shim_path=f"/apis/publish/{api.shim}",
            shim_body={"env_id": env.shim},
        )
        if status != 201:
            return None
        return Published(api, env, left["publish_id"], right["publish_id"])

    @rule(target=grants, app=apps, pub=published)
    def authorize(self, app: Obj | None, pub: Published | None) -> Any:
        if app is None or pub is None:
            return None
        status, left, right = self.send(
            "POST",
            "/app-auths",
            {"api_ids": [pub.api.v1], "app_ids": [app.v1], "env_id": pub.env.v1},
            shim_body={"api_ids": [pub.api.shim], "app_ids": [app.shim], "env_id": pub.env.shim},
        )
        if status != 201 or not first_ids(left):
            return None
        return Obj("grant", first_ids(left)[0], first_ids(right)[0], app)

    @rule(grant=consumes(grants))
    def cancel_grant(self, grant: Obj | None) -> None:
        if grant is not None:
            self.send("DELETE", f"/app-auths/{grant.v1}", shim_path=f"/app-auths/{grant.shim}")

    @rule(app=apps, pub=published, which=st.sampled_from(["binded-apps", "binded-apis", "unbinded-apis"]))
    def list_grants(self, app: Obj | None, pub: Published | None, which: str) -> None:
        if app is None or pub is None:
            return
        by_api = which == "binded-apps"
        left = {"api_id": pub.api.v1} if by_api else {"app_id": app.v1, "env_id": pub.env.v1}
        right = {"api_id": pub.api.shim} if by_api else {"app_id": app.shim, "env_id": pub.env.shim}
        self.send("GET", f"/app-auths/{which}", params=left, shim_params=right)

    @rule(target=bindings, policy=policies, pub=published)
    def bind(self, policy: Obj | None, pub: Published | None) -> Any:
        if policy is None or pub is None:
            return None
        field = POLICY_FIELD[policy.kind]
        status, left, right = self.send(
            "POST",
            f"/{BINDINGS[policy.kind]}",
            {field: policy.v1, "publish_ids": [pub.v1]},
            shim_body={field: policy.shim, "publish_ids": [pub.shim]},
        )
        if status != 201 or not first_ids(left):
            return None
        return Obj(policy.kind, first_ids(left)[0], first_ids(right)[0], policy)

    @rule(binding=consumes(bindings))
    def unbind(self, binding: Obj | None) -> None:
        if binding is not None:
            collection = BINDINGS[binding.kind]
            self.send("DELETE", f"/{collection}/{binding.v1}", shim_path=f"/{collection}/{binding.shim}")

    @rule(policy=policies, pub=published, which=st.sampled_from(["binded-apis", "unbinded-apis", "policies"]))
    def list_bindings(self, policy: Obj | None, pub: Published | None, which: str) -> None:
        if policy is None or pub is None:
            return
        collection = BINDINGS[policy.kind]
        if which == "policies":
            path = f"/{collection}/{BOUND_POLICIES[policy.kind]}"
            left, right = {"api_id": pub.api.v1}, {"api_id": pub.api.shim}
        else:
            path = f"/{collection}/{which}"
            name = POLICY_QUERY[policy.kind]
            left, right = {name: policy.v1}, {name: policy.shim}
        self.send("GET", path, params=left, shim_params=right)

    @initialize(target=published)
    def published_api(self) -> Any:
        """An API with app authentication published to an environment: what authorizations and
        bindings need (found rarely by chance in a run's steps); and, bound to it, a signature key
        and an authorized app, so that every example compares a signature, a binding and an
        authorization at least once (the test's coverage check no longer rests on the draws)."""
        group = self.create_group("grp_start")
        env = self.create_env("env_start")
        api = self.create_api(group, "api_start", "HTTPS", "APP")
        pub = self.publish(api, env)
        self.bind(self.create_signature("sign_bound"), pub)
        self.authorize(self.create_app("app_granted", ""), pub)
        return pub

    @initialize(targets=(objects, apps))
    def first_app(self) -> Any:
        return self.create_app("app_start", "")

    @initialize(targets=(objects, policies), kind=st.sampled_from(["throttle", "acl", "signature"]))
    def first_policy(self, kind: str) -> Any:
        if kind == "throttle":
            return self.create_throttle("thr_start", 10, "MINUTE")
        if kind == "acl":
            return self.create_acl("acl_start", "PERMIT", "1.1.1.1", "IP")
        return self.create_signature("sign_start")
