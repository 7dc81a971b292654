/**
 * Azure region names as ARM accepts and returns them. Requests may say `westus` or `West US`; Cosmos DB answers with
 * the display name (`"locationName": "West US"`) and builds member names and location IDs from the compact key
 * (`acct-westus`).
 */

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  australiacentral: 'Australia Central',
  australiacentral2: 'Australia Central 2',
  australiaeast: 'Australia East',
  australiasoutheast: 'Australia Southeast',
  austriaeast: 'Austria East',
  belgiumcentral: 'Belgium Central',
  brazilsouth: 'Brazil South',
  brazilsoutheast: 'Brazil Southeast',
  canadacentral: 'Canada Central',
  canadaeast: 'Canada East',
  centralindia: 'Central India',
  centralus: 'Central US',
  centraluseuap: 'Central US EUAP',
  chilecentral: 'Chile Central',
  denmarkeast: 'Denmark East',
  eastasia: 'East Asia',
  eastus: 'East US',
  eastus2: 'East US 2',
  eastus2euap: 'East US 2 EUAP',
  francecentral: 'France Central',
  francesouth: 'France South',
  germanynorth: 'Germany North',
  germanywestcentral: 'Germany West Central',
  indonesiacentral: 'Indonesia Central',
  israelcentral: 'Israel Central',
  italynorth: 'Italy North',
  japaneast: 'Japan East',
  japanwest: 'Japan West',
  koreacentral: 'Korea Central',
  koreasouth: 'Korea South',
  malaysiawest: 'Malaysia West',
  mexicocentral: 'Mexico Central',
  newzealandnorth: 'New Zealand North',
  northcentralus: 'North Central US',
  northeurope: 'North Europe',
  norwayeast: 'Norway East',
  norwaywest: 'Norway West',
  polandcentral: 'Poland Central',
  qatarcentral: 'Qatar Central',
  southafricanorth: 'South Africa North',
  southafricawest: 'South Africa West',
  southcentralus: 'South Central US',
  southeastasia: 'Southeast Asia',
  southindia: 'South India',
  spaincentral: 'Spain Central',
  swedencentral: 'Sweden Central',
  switzerlandnorth: 'Switzerland North',
  switzerlandwest: 'Switzerland West',
  uaecentral: 'UAE Central',
  uaenorth: 'UAE North',
  uksouth: 'UK South',
  ukwest: 'UK West',
  westcentralus: 'West Central US',
  westeurope: 'West Europe',
  westindia: 'West India',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
};

/** `West US` → `westus`: lower case without whitespace, the form used in member names and location IDs. */
export function regionKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

/** `westus` or `West US` → `West US`. Regions outside the table keep the caller's spelling (trimmed). */
export function regionDisplayName(name: string): string {
  return DISPLAY_NAMES[regionKey(name)] ?? name.trim();
}
