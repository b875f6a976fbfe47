// Pod templates and label selectors, shared by validate.mjs and security.mjs.

/** The pod template of a workload (the object itself for a Pod), or undefined for other kinds. */
export function podTemplateOf(object) {
  switch (object?.kind) {
    case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet": case "Job":
      return object.spec?.template;
    case "CronJob":
      return object.spec?.jobTemplate?.spec?.template;
    case "Pod":
      return object;
    default:
      return undefined;
  }
}

/** Whether a label selector (matchLabels and matchExpressions) selects these labels; no selector selects all. */
export function matches(selector, labels) {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = labels && Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** Every container of a pod spec: init, regular and ephemeral. */
export function containersOf(spec) {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}
