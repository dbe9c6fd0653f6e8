/**
 * The sample proposal offered on first start, written by us in the shape of the surveillance
 * entries (domain.md §2) — never official list text. It exercises every node and passes every
 * check; shared/domain/fixtures/sample-proposal.txt is the same text (a test keeps them equal).
 */
export const SAMPLE_PROPOSAL_TEXT = `# Coalition proposal: narrowing the surveillance-technology entries

Summary: This paper suggests wording for four entries and one definition so that the controls keep
reaching equipment built to break into devices and to watch whole networks, while leaving
defensive security work and ordinary network management alone.

Prepared by: a fictional coalition of digital-rights groups, for testing Plenary.

Category 4 – Computers

A. SYSTEMS, EQUIPMENT AND COMPONENTS

4.A.5. Systems, equipment and components for them, specially designed or modified to create, steer or deliver "intrusion software".

D. SOFTWARE

4.D.4. "Software" specially designed or modified to create, steer or deliver "intrusion software".
Note: 4.D.4. does not cover "software" whose only job is to supply authorised 'updates', provided it meets all of the following:
a. the 'update' is installed only with the agreement of whoever owns or runs the receiving device; and
b. once the 'update' is installed, the updated product is not any of the following:
1. an item specified by 4.A.5.; or
2. "software" specified by 4.D.4.
Technical Note: 'Update' means a change to a program that repairs, improves or replaces it and that its maker publishes.

E. TECHNOLOGY

4.E.1. "Technology" as follows:
a. "technology" for the "development" of the equipment specified by 4.A.5.;
b. "technology" for the "development" of the "software" specified by 4.D.4.;
c. "technology" for the "development" of "intrusion software".
Note 1: 4.E.1.a. and 4.E.1.c. do not apply to 'vulnerability disclosure' or to 'cyber incident response'.
Note 2: Note 1 leaves untouched the power of each national authority to decide whether an activity falls under this entry.
Technical Notes:
1. 'Vulnerability disclosure' means finding a weakness, reporting it to those able to fix it, and helping them do so, in order to get it repaired.
2. 'Cyber incident response' means sharing the information needed to deal with a security incident with the people or bodies who handle it.

Category 5 – Part 1 – Telecommunications

A. SYSTEMS, EQUIPMENT AND COMPONENTS

5.A.1.j. Systems and equipment for watching communications on IP networks, and components specially designed for them, having all of the following:
1. carrying out all of the following on an IP network run at carrier scale, such as a national backbone:
a. analysis of the traffic at the application layer;
b. extraction of chosen metadata and of message content; and
c. indexing of what was extracted; and
2. specially designed to do all of the following:
a. searching on 'hard selectors'; and
b. drawing the web of relationships around a person or a group.
Note: 5.A.1.j. does not apply to systems specially designed only for marketing analysis or for measuring the quality of service of a network.
Technical Note: 'Hard selectors' are data that single out a particular person, such as a name, a postal or e-mail address, a telephone number or membership of a group.

Definitions

"Development" (All) means every stage that comes before series production, from design and research to building and testing prototypes.
"Intrusion software" (4) means "software" specially designed or modified to escape 'monitoring tools' or to get around 'protective countermeasures' of a computer or network-capable device, and performing any of the following:
a. taking data or information out of the computer or device, or altering system or user data; or
b. altering the normal execution path of a program or process so that it runs instructions supplied from outside.
Notes:
1. Debuggers, hypervisors, reverse-engineering tools and digital rights management "software" are not "intrusion software".
2. Tools used by a device's owner to watch or manage that device are not "intrusion software".
Technical Notes:
1. 'Monitoring tools' means "software" or hardware that watches how a system behaves or what runs on it, such as antivirus or endpoint-protection products.
2. 'Protective countermeasures' means techniques that make code run safely, such as sandboxing, address-space randomisation or preventing data from being executed.
"Software" (All) means one or more programs or microprograms, held on any medium.
"Technology" (All) means specific information needed to develop, produce or use an item.

## Rationale

The present wording reaches further than the products of concern. Against the selection criteria:
1. Clear and objective specification: the proposal names the functions that make a product intrusive.
2. Ability to control: each function can be checked by a licensing officer.
Our members' experience is that researchers don't apply for licences they are unsure they need.
`;
