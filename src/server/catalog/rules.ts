// Backstage's field-format rules (catalog-model's KubernetesValidatorFunctions and
// CommonValidatorFunctions), so a file Backstage accepts is accepted here and vice versa.

const OBJECT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const API_VERSION_SUFFIX = /^[a-z0-9A-Z]+$/;

/** Entity names, label values, link icons: `[a-zA-Z0-9]` runs separated by `[-_.]`, 1-63 characters. */
export function isValidObjectName(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && OBJECT_NAME.test(value);
}

/** Namespaces (RFC 1123 label): lower-case `[a-z0-9]` runs separated by `-`, 1-63 characters. */
export function isValidDnsLabel(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && DNS_LABEL.test(value);
}

export function isValidDnsSubdomain(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 253 && value.split('.').every(isValidDnsLabel);
}

/** Tags: `[a-z0-9:+#]` runs separated by `-`, 1-63 characters. */
export function isValidTag(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && TAG.test(value);
}

export function isValidKind(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && KIND.test(value);
}

/** `name` or `prefix/name`, where the prefix is a DNS subdomain: the shape of apiVersion, label and annotation keys. */
function isValidPrefixAndOrSuffix(value: unknown, isValidPrefix: (v: string) => boolean, isValidSuffix: (v: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  const parts = value.split('/');
  if (parts.length === 1) return isValidSuffix(parts[0]);
  if (parts.length === 2) return isValidPrefix(parts[0]) && isValidSuffix(parts[1]);
  return false;
}

export function isValidApiVersion(value: unknown): boolean {
  return isValidPrefixAndOrSuffix(value, isValidDnsSubdomain, (n) => n.length <= 63 && API_VERSION_SUFFIX.test(n));
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name an object name. */
export function isValidLabelOrAnnotationKey(value: unknown): boolean {
  return isValidPrefixAndOrSuffix(value, isValidDnsSubdomain, isValidObjectName);
}

/** Label values may be empty; otherwise they follow the object-name rule. */
export function isValidLabelValue(value: unknown): boolean {
  return value === '' || isValidObjectName(value);
}

export function isValidUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return URL.canParse(value);
}

export const OBJECT_NAME_RULE = 'sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters';
export const DNS_LABEL_RULE = 'sequences of [a-z0-9] separated by [-], at most 63 characters';
export const TAG_RULE = 'sequences of [a-z0-9:+#] separated by [-], at most 63 characters';
export const KEY_RULE = 'a name (' + OBJECT_NAME_RULE + '), optionally prefixed by a DNS subdomain and "/"';
