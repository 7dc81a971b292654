/** Azure's region names without spaces, lower case (`West US 2` → `westus2`): Cosmos DB's member names and ARM's locations. */
export function regionSlug(regionName: string): string {
  return regionName.replace(/\s+/g, '').toLowerCase();
}
