/**
 * Keys that would escape a storage root or corrupt a path: every storage adapter must
 * reject them with `InvalidRequestError` (field `key`) before writing anything.
 */
export const traversalKeys: readonly string[] = ['../x', '/etc/passwd', 'a/../../b', 'a\u0000b', 'a\\b', ''];
