"""Drives the official Kubernetes Python client against the emulator, as a user's script would.

Usage: python3 python_client.py KUBECONFIG NAMESPACE

Prints one JSON object on stdout: for every step, {"ok": true, ...results} or {"ok": false, "error": "..."}.
Each step runs even when an earlier one failed, so the IT reports every broken call at once.
"""
import json
import sys
import traceback

from kubernetes import client, config, dynamic, watch


def step(results, name, fn):
    try:
        out = fn() or {}
        out["ok"] = True
        results[name] = out
    except Exception as e:  # noqa: BLE001 - every failure is a result to report
        # the exception and the script line that raised it, short enough for a failure message
        where = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == __file__][-1]
        results[name] = {"ok": False, "error": ("%s: %s" % (type(e).__name__, e))[:600],
                         "at": "line %d: %s" % (where.lineno, where.line)}


def main():
    kubeconfig, ns = sys.argv[1], sys.argv[2]
    config.load_kube_config(config_file=kubeconfig)
    api = client.ApiClient()
    v1 = client.CoreV1Api(api)
    results = {}

    def list_nodes():
        # one node registered without any status, one with a partial nodeInfo: the real server fills nodeInfo's
        # fields with empty strings, and the client's models insist on them
        for body in ({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "py-bare"}},
                     {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "py-partial"},
                      "status": {"nodeInfo": {"kubeletVersion": "v1.32.0"}}}):
            v1.create_node(body, _preload_content=False)
        nodes = v1.list_node()
        infos = {}
        for n in nodes.items:
            info = n.status.node_info if n.status else None
            infos[n.metadata.name] = None if info is None else {
                "kubeletVersion": info.kubelet_version, "osImage": info.os_image,
                "machineID": info.machine_id}
        return {"names": sorted(infos), "nodeInfo": infos}

    step(results, "list_nodes", list_nodes)

    def watch_from_resource_version():
        svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "py-before"},
               "spec": {"ports": [{"port": 80}]}}
        v1.create_namespaced_service(ns, svc)
        rv = v1.list_namespaced_service(ns).metadata.resource_version
        # the changes happen before the watch starts: a watch from rv must replay them
        v1.create_namespaced_service(ns, {"metadata": {"name": "py-watched"}, "spec": {"ports": [{"port": 80}]}})
        v1.patch_namespaced_service("py-watched", ns, {"metadata": {"labels": {"seen": "yes"}}})
        v1.delete_namespaced_service("py-watched", ns)
        events = []
        w = watch.Watch()
        for e in w.stream(v1.list_namespaced_service, ns, resource_version=rv, timeout_seconds=5,
                          _request_timeout=30):
            obj = e["object"]
            events.append({"type": e["type"], "name": obj.metadata.name, "kind": obj.kind,
                           "labels": obj.metadata.labels or {}})
            if e["type"] == "DELETED":
                w.stop()
        return {"resourceVersion": rv, "events": events}

    step(results, "watch", watch_from_resource_version)

    def strategic_merge_patch():
        v1.create_namespaced_service(ns, {"metadata": {"name": "py-patched", "labels": {"keep": "1"}},
                                          "spec": {"ports": [{"name": "http", "port": 80}]}})
        # a dict body goes out as application/strategic-merge-patch+json: ports merge by port number
        patched = v1.patch_namespaced_service("py-patched", ns, {
            "metadata": {"labels": {"added": "2"}},
            "spec": {"ports": [{"name": "https", "port": 443}]}})
        return {"labels": patched.metadata.labels,
                "ports": sorted(p.port for p in patched.spec.ports)}

    step(results, "patch", strategic_merge_patch)

    def server_side_apply():
        dyn = dynamic.DynamicClient(api)
        cms = dyn.resources.get(api_version="v1", kind="ConfigMap")
        body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "py-applied"},
                "data": {"owner": "python"}}
        # the client sends the body as is: JSON text is YAML too
        created = dyn.patch(cms, body=json.dumps(body), name="py-applied", namespace=ns,
                            content_type="application/apply-patch+yaml", field_manager="python-client")
        managers = [m["manager"] + "/" + m["operation"] for m in created.metadata.managedFields]
        other = dict(body, data={"owner": "someone-else"})
        conflict = None
        try:
            dyn.patch(cms, body=json.dumps(other), name="py-applied", namespace=ns,
                      content_type="application/apply-patch+yaml", field_manager="other")
        except client.exceptions.ApiException as e:
            conflict = {"status": e.status, "message": json.loads(e.body).get("message")}
        forced = dyn.patch(cms, body=json.dumps(other), name="py-applied", namespace=ns,
                           content_type="application/apply-patch+yaml", field_manager="other",
                           force_conflicts=True)
        return {"data": dict(created.data), "managers": managers, "conflict": conflict,
                "forcedData": dict(forced.data),
                "forcedManagers": [m["manager"] + "/" + m["operation"] for m in forced.metadata.managedFields]}

    step(results, "server_side_apply", server_side_apply)

    def delete():
        # the real server answers a Service's DELETE with the deleted object, the client's model says V1Status:
        # read the raw answer
        resp = v1.delete_namespaced_service("py-patched", ns, _preload_content=False)
        answer = json.loads(resp.data)
        gone = None
        try:
            v1.read_namespaced_service("py-patched", ns)
        except client.exceptions.ApiException as e:
            gone = e.status
        return {"deleteStatus": resp.status, "deleteKind": answer.get("kind"), "readAfterDelete": gone,
                "remaining": sorted(s.metadata.name for s in v1.list_namespaced_service(ns).items)}

    step(results, "delete", delete)

    json.dump(results, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
