"""Checks a rendered Kubernetes overlay (YAML on stdin) against what issue 23 asks of it.

kubernetes-validate checks each object against the API's schema; this checks what a schema
cannot: the pods are probed, bounded, unprivileged and read-only; secrets are referenced,
never written here; the app is reachable over TLS and kept available through disruptions.
"""
import sys

import yaml

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


objects = [o for o in yaml.safe_load_all(sys.stdin) if o]
kinds = {}
for o in objects:
    kinds.setdefault(o["kind"], []).append(o)

for kind in ["Deployment", "Service", "Ingress", "ConfigMap", "HorizontalPodAutoscaler",
             "PodDisruptionBudget"]:
    expect(kind in kinds, f"a {kind}")
expect("Secret" not in kinds, "no Secret in the repository (values are created outside it)")

for deployment in kinds.get("Deployment", []):
    spec = deployment["spec"]
    expect(spec.get("replicas", 1) >= 2, "at least 2 replicas")
    pod = spec["template"]["spec"]
    expect(pod.get("securityContext", {}).get("runAsNonRoot") is True, "runAsNonRoot")
    for container in pod["containers"]:
        name = container["name"]
        ready = container.get("readinessProbe", {}).get("httpGet", {}).get("path")
        live = container.get("livenessProbe", {}).get("httpGet", {}).get("path")
        expect(ready == "/health/ready", f"{name}: readiness on /health/ready")
        expect(live == "/health/live", f"{name}: liveness on /health/live")
        resources = container.get("resources", {})
        for bound in ["requests", "limits"]:
            for resource in ["cpu", "memory"]:
                expect(resource in resources.get(bound, {}), f"{name}: {bound}.{resource}")
        security = container.get("securityContext", {})
        expect(security.get("readOnlyRootFilesystem") is True, f"{name}: read-only root")
        expect(security.get("allowPrivilegeEscalation") is False, f"{name}: no escalation")
        for env in container.get("env", []):
            if env["name"] in ("DATABASE_URL", "SALUS_JWT_SECRET", "SALUS_METRICS_TOKEN") or \
                    "SECRET" in env["name"]:
                expect("secretKeyRef" in env.get("valueFrom", {}),
                       f"{name}: {env['name']} comes from a Secret reference")
                expect("value" not in env, f"{name}: {env['name']} has no value here")

for ingress in kinds.get("Ingress", []):
    expect(bool(ingress["spec"].get("tls")), "the Ingress serves TLS")

for config in kinds.get("ConfigMap", []):
    for key in config.get("data", {}):
        expect("SECRET" not in key and "PASSWORD" not in key and key != "DATABASE_URL",
               f"ConfigMap holds no secret ({key})")

for hpa in kinds.get("HorizontalPodAutoscaler", []):
    expect(hpa["spec"]["minReplicas"] >= 2, "the autoscaler keeps 2 pods at least")

if failures:
    print("deploy policy: missing " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"deploy policy: {len(objects)} objects pass")
