/** A report request's resource name and the id in its page's path. */
export const reqName = (id: string) => `reportRequests/${id}`;
export const idOf = (name: string) => name.replace(/^reportRequests\//, "");
