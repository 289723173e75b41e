import { queryTerms, searchTermsOf, termsOf } from "./search-terms";

describe("search terms", () => {
  it("folds case and accents, drops stop words and punctuation, and stems", () => {
    expect(termsOf("The Knife-crime Reports, in Café areas")).toEqual(["knife", "crime", "report", "cafe", "area"]);
  });

  it("keeps numbers whole and words of two letters or more", () => {
    expect(termsOf("A 2027 review of ASB in Dover x")).toEqual(["2027", "review", "asb", "dover"]);
  });

  it("indexes the title and the issue once each word", () => {
    expect(searchTermsOf("Knife crime", "Knife crime rose in Dover")).toEqual(["knife", "crime", "rose", "dover"]);
  });

  it("matches a query to the words a request was indexed by, whatever their form", () => {
    const indexed = searchTermsOf("Reports of shoplifting", "Shoplifters and organised retail crime");
    for (const t of queryTerms("REPORT organised")) expect(indexed).toContain(t);
  });

  it("puts the longest query word first, the one answered from the index", () => {
    expect(queryTerms("night time economy violence")).toEqual(["economi", "violenc", "night", "time"]);
  });

  it("finds nothing to search for in stop words alone", () => {
    expect(queryTerms("the and of")).toEqual([]);
  });
});
