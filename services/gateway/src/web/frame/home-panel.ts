/** A panel of the home page ("What needs you now"): each area builds its own from its service. */
export interface HomeItem {
  href: string;
  text: string;
  detail: string;
}

export interface HomePanel {
  id: string;
  title: string;
  count: number;
  items: HomeItem[];
  more?: { href: string; text: string };
  empty: string;
}
