import { neutralise } from "../../http/csv";
import { answersCsv, csvFilename, type RequestView } from "./answers";

const rq: RequestView = {
  name: "reportRequests/rq-1",
  title: "Retail crime",
  classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
  sections: [
    { id: "summary", title: "Summary" },
    { id: "incidents", title: "Incidents" },
  ],
  addressees: [
    { partner: "partners/csp-dover", state: "ADDRESSEE_STATE_SUBMITTED", latestVersion: 2 },
    { partner: "partners/csp-swale", state: "ADDRESSEE_STATE_REQUESTED", latestVersion: 0 },
  ],
};
const latest = [
  {
    name: "reportRequests/rq-1/submissions/csp-dover/versions/2",
    partner: "partners/csp-dover",
    version: 2,
    answers: [
      { sectionId: "summary", text: '=HYPERLINK("http://evil","click"), café, "quoted"' },
      { sectionId: "incidents", number: -3 },
    ],
    attachments: [{ filename: "wards.csv" }, { filename: "map.pdf" }],
    author: "people/dover-officer",
    authorDisplayName: "Alex Morgan",
    createTime: { seconds: String(Date.parse("2027-07-01T15:00:00Z") / 1000) },
  },
];
const names: Record<string, string> = {
  "partners/csp-dover": "Dover Community Safety Partnership",
  "partners/csp-swale": "Swale Community Safety Partnership",
};

describe("answers as CSV", () => {
  const csv = answersCsv(rq, latest, (p) => names[p] ?? p);

  test("UTF-8 with a byte-order mark, a header, one row per partnership", () => {
    expect(
      csv.startsWith(
        "\uFEFFPartnership,State,Version,Submitted at (UK time),Submitted by,Summary,Incidents,Attachments\r\n",
      ),
    ).toBe(true);
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("Swale Community Safety Partnership,Requested,,,,,,");
  });

  test("formulas are neutralised, quotes escaped, characters kept, times in UK time", () => {
    const dover = csv.split("\r\n")[1] as string;
    expect(dover).toContain(`"'=HYPERLINK(""http://evil"",""click""), café, ""quoted"""`);
    expect(dover).toContain(",'-3,");
    expect(dover).toContain("4pm on 1 July 2027");
    expect(dover).toContain("wards.csv; map.pdf");
    // People by name, never by resource name.
    expect(dover).toContain(",Alex Morgan,");
    expect(csv).not.toContain("people/");
  });

  test("neutralise leaves ordinary text alone", () => {
    expect(["=1+1", "+44", "-3", "@SUM(A1)", "\tx", "plain", "3-2"].map(neutralise)).toEqual([
      "'=1+1",
      "'+44",
      "'-3",
      "'@SUM(A1)",
      "'\tx",
      "plain",
      "3-2",
    ]);
  });

  test("the file name carries the request and its classification", () => {
    expect(csvFilename(rq)).toBe("answers-rq-1-OFFICIAL-SENSITIVE.csv");
  });
});
