/**
 * A synthetic but realistic organization for the benchmark: contacts with
 * names, emails and US numbers created over two years, a fifth of them opted
 * out at some later time (mostly by keyword), every number with its
 * phone_consent row (a number gets one the first time it is texted), and the
 * opt-outs as a correctly hash-chained consent ledger.
 *
 * Deterministic: the same seed gives the same data.
 */
import { v7 as uuidv7 } from 'uuid';
import { hashConsentEvent, type ConsentSource } from '../../src/domain/consent-ledger.js';

export interface Dataset {
  contacts: {
    id: string[];
    name: (string | null)[];
    phone: string[];
    email: (string | null)[];
    createdAt: string[];
  };
  /** Index into contacts of each opted-out number, in the order they opted out (= ledger order). */
  optOuts: {
    contact: Int32Array;
    changedAt: string[];
    source: ConsentSource[];
    keyword: (string | null)[];
    reason: string[];
    eventId: string[];
    seq: Int32Array;
    prevHash: string[];
    hash: string[];
  };
  optedOut: Uint8Array;
  headSeq: number;
  headHash: string;
}

const FIRST = ['Maria', 'Mark', 'Martin', 'Marcus', 'Margaret', 'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kenneth', 'Kevin', 'Brian', 'George', 'Edward', 'Ronald', 'Timothy', 'Jason', 'Jeffrey', 'Ryan', 'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon', 'Benjamin', 'Samuel', 'Frank', 'Gregory', 'Raymond', 'Alexander', 'Patrick', 'Jack', 'Dennis', 'Jerry', 'Tyler', 'Aaron', 'Jose', 'Henry', 'Adam', 'Douglas', 'Nathan', 'Peter', 'Zachary', 'Kyle', 'Walter', 'Harold', 'Jeremy', 'Ethan', 'Carl', 'Keith', 'Roger', 'Gerald', 'Christian', 'Terry', 'Sean', 'Arthur', 'Austin', 'Noah', 'Lawrence', 'Jesse', 'Joe', 'Bryan', 'Billy', 'Jordan', 'Albert', 'Dylan', 'Bruce', 'Willie', 'Gabriel', 'Alan', 'Juan', 'Logan', 'Wayne', 'Ralph', 'Roy', 'Eugene', 'Randy', 'Vincent', 'Russell', 'Louis', 'Philip', 'Bobby', 'Johnny', 'Bradley', 'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Nancy', 'Lisa', 'Betty', 'Sandra', 'Ashley', 'Dorothy', 'Kimberly', 'Emily', 'Donna', 'Michelle', 'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Laura', 'Sharon', 'Cynthia', 'Kathleen', 'Amy', 'Shirley', 'Angela', 'Helen', 'Anna', 'Brenda', 'Pamela', 'Nicole', 'Samantha', 'Katherine', 'Emma', 'Ruth', 'Christine', 'Catherine', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Virginia', 'Heather', 'Diane', 'Julie', 'Joyce', 'Victoria', 'Olivia', 'Kelly', 'Christina', 'Lauren', 'Joan', 'Evelyn', 'Judith', 'Megan', 'Cheryl', 'Andrea', 'Hannah', 'Jacqueline', 'Martha', 'Gloria', 'Teresa', 'Ann', 'Sara', 'Madison', 'Frances', 'Kathryn', 'Janice', 'Jean', 'Abigail', 'Alice', 'Judy', 'Sophia', 'Grace', 'Denise', 'Amber', 'Doris', 'Marilyn', 'Danielle', 'Beverly', 'Isabella', 'Theresa', 'Diana', 'Natalie', 'Brittany', 'Charlotte', 'Marie', 'Kayla', 'Alexis', 'Lori', 'Sofia', 'Camila', 'Valentina', 'Lucia', 'Ximena', 'Wei', 'Yuki', 'Priya', 'Aarav', 'Fatima', 'Omar'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham', 'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon', 'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Vazquez', 'Hansen', 'Peters', 'Santos', 'Hart', 'Bradley', 'Knight', 'Elliott', 'Cunningham', 'Duncan', 'Armstrong', 'Hudson', 'Carroll', 'Lane', 'Riley', 'Andrews', 'Alvarado', 'Ray', 'Delgado', 'Berry', 'Perkins', 'Hoffman', 'Johnston', 'Matthews', 'Pena', 'Richards', 'Contreras', 'Willis', 'Carpenter', 'Lawrence', 'Sandoval', 'Guerrero', 'George', 'Chapman', 'Rios', 'Estrada', 'Ortega', 'Watkins', 'Greene', 'Nunez', 'Wheeler', 'Valdez', 'Harper', 'Burke', 'Larson', 'Santiago', 'Maldonado', 'Morrison', 'Franklin', 'Carlson', 'Austin', 'Dominguez', 'Carr', 'Lawson', 'Jacobs', "O'Brien", 'Lynch', 'Singh', 'Vega', 'Bishop', 'Montgomery', 'Oliver', 'Jensen', 'Harvey', 'Williamson', 'Gilbert', 'Dean', 'Sims', 'Espinoza', 'Howell', 'Li', 'Wong', 'Reid', 'Hanson', 'Le', 'McCoy', 'Garrett', 'Burton', 'Fuller', 'Wang', 'Weber', 'Welch', 'Rojas', 'Lucas', 'Marquez', 'Fields', 'Park', 'Yang', 'Little', 'Banks', 'Padilla', 'Day', 'Walsh', 'Bowman', 'Schultz', 'Luna', 'Fowler', 'Mejia', 'Davidson', 'Acosta', 'Brewer', 'May', 'Holland', 'Juarez', 'Newman', 'Pearson', 'Curtis', 'Cortez', 'Douglas', 'Schneider', 'Joseph', 'Barrett', 'Navarro', 'Figueroa', 'Keller', 'Avila', 'Wade', 'Molina', 'Stanley', 'Hopkins', 'Campos', 'Barnett', 'Bates', 'Chambers', 'Caldwell', 'Beck', 'Lambert', 'Miranda', 'Byrd', 'Craig', 'Ayala', 'Lowe', 'Frazier', 'Powers', 'Neal', 'Leonard', 'Gregory', 'Carrillo', 'Sutton', 'Fleming', 'Rhodes', 'Shelton', 'Schwartz', 'Norris', 'Jennings', 'Watts', 'Duran', 'Walters', 'Cohen', 'McDaniel', 'Moran', 'Parks', 'Steele', 'Vaughn', 'Becker', 'Holt', 'Deleon', 'Barker', 'Terry', 'Hale', 'Leon', 'Hail', 'Benson', 'Haynes', 'Horton', 'Miles', 'Lyons', 'Pham', 'Graves', 'Bush', 'Thornton', 'Wolfe', 'Warner', 'Cabrera', 'McKinney', 'Mann', 'Zimmerman', 'Dawson', 'Lara', 'Fletcher', 'Page', 'McCarthy', 'Love', 'Robles', 'Cervantes', 'Solis', 'Erickson', 'Reeves', 'Chang', 'Klein', 'Salinas', 'Fuentes', 'Baldwin', 'Daniel', 'Simon', 'Velasquez', 'Hardy', 'Higgins', 'Aguirre', 'Lin', 'Cummings', 'Chandler', 'Sharp', 'Barber', 'Bowen', 'Ochoa', 'Dennis', 'Robbins', 'Liu', 'Ramsey', 'Francis', 'Griffith', 'Paul', 'Blair', "O'Connor", 'Cardenas', 'Pacheco', 'Cross', 'Calderon', 'Quinn', 'Moss', 'Swanson', 'Chan', 'Rivas', 'Khan', 'Rodgers', 'Serrano', 'Fitzgerald', 'Rosales', 'Stevenson', 'Christensen', 'Manning', 'Gill', 'Curry', 'McLaughlin', 'Harmon', 'McGee', 'Gross', 'Doyle', 'Garner', 'Newton', 'Burgess', 'Reese', 'Walton', 'Blake', 'Trujillo', 'Adkins', 'Brady', 'Goodman', 'Roman', 'Webster', 'Goodwin', 'Fischer', 'Huang', 'Potter', 'Delacruz', 'Montoya', 'Todd', 'Wu', 'Hines', 'Mullins', 'Castaneda', 'Malone', 'Cannon', 'Tate', 'Mack', 'Sherman', 'Hubbard', 'Hodges', 'Zhang', 'Guerra', 'Wolf', 'Valencia', 'Saunders', 'Franco', 'Rowe', 'Gallagher', 'Farmer', 'Hammond', 'Hampton', 'Townsend', 'Ingram', 'Wise', 'Gallegos', 'Clarke', 'Barton', 'Schroeder', 'Maxwell', 'Waters', 'Logan', 'Camacho', 'Strickland', 'Norman', 'Person', 'Colon', 'Parsons', 'Frank', 'Harrington', 'Glover', 'Osborne', 'Buchanan', 'Casey', 'Floyd', 'Patton', 'Ibarra', 'Ball', 'Tyler', 'Suarez', 'Bowers', 'Orozco', 'Salas', 'Cobb', 'Gibbs', 'Andrade', 'Bauer', 'Conner', 'Moody', 'Escobar', 'McGuire', 'Lloyd', 'Mueller', 'Hartman', 'French', 'Kramer', 'McBride', 'Pope', 'Lindsey', 'Velazquez', 'Norton', 'McCormick', 'Sparks', 'Flynn', 'Yates', 'Hogan', 'Marsh', 'Macias', 'Villanueva', 'Zamora', 'Pratt', 'Stokes', 'Owen', 'Ballard', 'Lang', 'Brock', 'Villarreal', 'Charles', 'Drake', 'Barrera', 'Cain', 'Patrick', 'Pineda', 'Burnett', 'Mercado', 'Santana', 'Shepherd', 'Bautista', 'Ali', 'Shaffer', 'Lamb', 'Trevino', 'McKenzie', 'Hess', 'Beil', 'Olsen', 'Cochran', 'Morton', 'Nash', 'Wilkins', 'Petersen', 'Briggs', 'Shah', 'Roth', 'Nicholson', 'Holloway', 'Lozano', 'Rangel', 'Flowers', 'Hoover', 'Short', 'Arias', 'Mora', 'Valenzuela', 'Bryan', 'Meyers', 'Weiss', 'Underwood', 'Bass', 'Greer', 'Summers', 'Houston', 'Carson', 'Morrow', 'Clayton', 'Whitaker', 'Decker', 'Yoder', 'Collier', 'Zuniga', 'Carey', 'Wilcox', 'Melendez', 'Poole', 'Roberson', 'Larsen', 'Conley', 'Davenport', 'Copeland', 'Massey', 'Lam', 'Huff', 'Rocha', 'Cameron', 'Jefferson', 'Hood', 'Monroe', 'Anthony', 'Pittman', 'Huynh', 'Randall', 'Singleton', 'Kirk', 'Combs', 'Mathis', 'Christian', 'Skinner', 'Bradford', 'Richard', 'Galvan', 'Wall', 'Boone', 'Kirby', 'Wilkinson', 'Bridges', 'Bruce', 'Atkinson', 'Velez', 'Meza', 'Roy', 'Vincent', 'York', 'Hodge', 'Villa', 'Abbott', 'Allison', 'Tapia', 'Gates', 'Chase', 'Sosa', 'Sweeney', 'Farrell', 'Wyatt', 'Dalton', 'Horn', 'Barron', 'Phelps', 'Yu', 'Dickerson', 'Heath', 'Foley', 'Atkins', 'Mathews', 'Bonilla', 'Acevedo', 'Benitez', 'Zavala', 'Hensley', 'Glenn', 'Cisneros', 'Harrell', 'Shields', 'Rubio', 'Huffman', 'Choi', 'Boyer', 'Garrison', 'Arroyo', 'Bond', 'Kane', 'Hancock', 'Callahan', 'Dillon', 'Cline', 'Wiggins', 'Grimes', 'Arellano', 'Melton', "O'Neill", 'Savage', 'Ho', 'Beltran', 'Pitts', 'Parrish', 'Ponce', 'Rich', 'Booth', 'Koch', 'Golden', 'Ware', 'Brennan', 'McDowell', 'Marks', 'Cantu', 'Humphrey', 'Baxter', 'Sawyer', 'Clay', 'Tanner', 'Hutchinson', 'Kaur', 'Berg', 'Wiley', 'Gilmore', 'Russo', 'Villegas', 'Hobbs', 'Keith', 'Wilkerson', 'Ahmed', 'Beard', 'McClain', 'Montes', 'Mata', 'Rosario', 'Vang', 'Walter', 'Henson', "O'Neal", 'Mosley', 'McClure', 'Beasley', 'Stephenson', 'Snow', 'Huerta', 'Preston', 'Vance', 'Barry', 'Johns', 'Eaton', 'Blackwell', 'Dyer', 'Prince', 'Macdonald', 'Solomon', 'Guevara', 'Stafford', 'English', 'Hurst', 'Woodard', 'Cortes', 'Shannon', 'Kemp', 'Nolan', 'McCullough', 'Merritt', 'Murillo', 'Moon', 'Salgado', 'Strong', 'Kline', 'Cordova', 'Barajas', 'Roach', 'Rosas', 'Winters', 'Jacobson', 'Lester', 'Knox', 'Bullock', 'Kerr', 'Leach', 'Meadows', 'Orr', 'Davila', 'Whitehead', 'Pruitt', 'Kent', 'Conway', 'McKee', 'Barr', 'David', 'Dejesus', 'Marin', 'Berger', 'McIntyre', 'Blankenship', 'Gaines', 'Palacios', 'Cuevas', 'Bartlett', 'Durham', 'Dorsey', 'McCall', "O'Donnell", 'Stein', 'Browning', 'Stout', 'Lowery', 'Sloan', 'McLean', 'Hendricks', 'Calhoun', 'Sexton', 'Chung', 'Gentry', 'Hull', 'Duarte', 'Ellison', 'Nielsen', 'Gillespie', 'Buck', 'Middleton', 'Sellers', 'Leblanc', 'Esparza', 'Hardin', 'Bradshaw', 'McIntosh', 'Howe', 'Livingston', 'Frost', 'Glass', 'Morse', 'Knapp', 'Herman', 'Stark', 'Bravo', 'Noble', 'Spears', 'Weeks', 'Corona', 'Frederick', 'Buckley', 'McFarland', 'Hebert', 'Enriquez', 'Hickman', 'Quintero', 'Randolph', 'Schaefer', 'Walls', 'Trejo', 'House', 'Reilly', 'Pennington', 'Michael', 'Conrad', 'Giles', 'Benjamin', 'Crosby', 'Fitzpatrick', 'Donovan', 'Mays', 'Mahoney', 'Valentine', 'Raymond', 'Medrano', 'Hahn', 'McMillan', 'Small', 'Bentley', 'Felix', 'Peck', 'Lucero', 'Boyle', 'Hanna', 'Pace', 'Rush', 'Hurley', 'Harding', 'McConnell', 'Bernal', 'Nava', 'Ayers', 'Everett', 'Ventura', 'Avery', 'Pugh', 'Mayer', 'Bender', 'Shepard', 'McMahon', 'Landry', 'Case', 'Sampson', 'Moses', 'Magana', 'Blackburn', 'Dunlap', 'Gould', 'Duffy', 'Vaughan', 'Herring', 'McKay', 'Espinosa', 'Rivers', 'Farley', 'Bernard', 'Ashley', 'Friedman', 'Potts', 'Truong', 'Costa', 'Correa', 'Blevins', 'Nixon', 'Clements', 'Fry', 'Delarosa', 'Best', 'Benton', 'Lugo', 'Portillo', 'Dougherty', 'Crane', 'Haley', 'Phan', 'Villalobos', 'Blanchard', 'Horne', 'Finley', 'Quintana', 'Lynn', 'Esquivel', 'Bean', 'Dodson', 'Mullen', 'Xiong', 'Hayden', 'Cano', 'Levy', 'Huber', 'Richmond', 'Moyer', 'Lim', 'Frye', 'Sheppard', 'McCarty', 'Avalos', 'Booker', 'Waller', 'Parra', 'Woodward', 'Jaramillo', 'Krueger', 'Rasmussen', 'Brandt', 'Peralta', 'Donaldson', 'Stuart', 'Faulkner', 'Maynard', 'Galindo', 'Coffey', 'Estes', 'Sanford', 'Burch', 'Maddox', 'Vo', "O'Connell", 'Vu', 'Andersen', 'Spence', 'McPherson', 'Church', 'Schmitt', 'Stanton', 'Leal', 'Cherry', 'Compton', 'Dudley', 'Sierra', 'Pollard', 'Alfaro', 'Hester', 'Proctor', 'Lu', 'Hinton', 'Novak', 'Good', 'Madden', 'McCann', 'Terrell', 'Jarvis', 'Dickson', 'Reyna', 'Cantrell', 'Mayo', 'Branch', 'Hendrix', 'Rollins', 'Rowland', 'Whitney', 'Duke', 'Odom', 'Daugherty', 'Travis', 'Tang', 'Archer'];
const FREE_MAIL = ['gmail.example', 'yahoo.example', 'outlook.example', 'icloud.example', 'aol.example', 'proton.example'];
const COMPANY_WORDS = ['acme', 'northwind', 'contoso', 'globex', 'initech', 'umbrella', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne', 'hooli', 'pied', 'vandelay', 'soylent', 'massive', 'oscorp', 'aperture', 'blue', 'red', 'green', 'summit', 'pioneer', 'harbor', 'cedar', 'maple', 'granite', 'silver', 'golden', 'sunrise'];
const COMPANY_KINDS = ['solar', 'roofing', 'realty', 'dental', 'auto', 'legal', 'homes', 'windows', 'hvac', 'plumbing', 'insurance', 'capital', 'health', 'fitness', 'media'];
/** Area codes actually in use, so partial-digit searches look like real ones. */
const AREA_CODES = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 272, 276, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 325, 330, 331, 334, 336, 337, 339, 346, 347, 351, 352, 360, 361, 385, 386, 401, 402, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 424, 425, 430, 432, 434, 435, 440, 442, 443, 469, 470, 475, 478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517, 518, 520, 530, 531, 534, 539, 540, 541, 551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 575, 580, 585, 586, 601, 602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616, 617, 618, 619, 620, 623, 626, 628, 629, 630, 631, 636, 641, 646, 650, 651, 657, 660, 661, 662, 667, 669, 678, 681, 682, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715, 716, 717, 718, 719, 720, 724, 725, 727, 731, 732, 734, 737, 740, 747, 754, 757, 760, 762, 763, 765, 769, 770, 772, 773, 774, 775, 779, 781, 785, 786, 801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814, 815, 816, 817, 818, 828, 830, 831, 832, 843, 845, 847, 848, 850, 856, 857, 858, 859, 860, 862, 863, 864, 865, 870, 872, 878, 901, 903, 904, 906, 907, 908, 909, 910, 912, 913, 914, 915, 916, 917, 918, 919, 920, 925, 928, 929, 931, 936, 937, 938, 940, 941, 947, 949, 951, 952, 954, 956, 959, 970, 971, 972, 973, 978, 979, 980, 984, 985, 989];

/** mulberry32: small, fast, good enough for test data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

const DAY = 86_400_000;

export function generateDataset(options: { organizationId: string; contacts: number; optOuts: number; now: number; headSeq: number; headHash: string; seed?: number }): Dataset {
  const random = createRandom(options.seed ?? 20_261_128);
  const n = options.contacts;
  const start = options.now - 730 * DAY;
  const span = 720 * DAY;
  const companies = Array.from({ length: 4000 }, (_, i) => `${pick(random, COMPANY_WORDS)}${pick(random, COMPANY_KINDS)}${i}.example`);

  const contacts: Dataset['contacts'] = { id: new Array(n), name: new Array(n), phone: new Array(n), email: new Array(n), createdAt: new Array(n) };
  const seenPhones = new Set<string>();
  for (let i = 0; i < n; i += 1) {
    const created = Math.floor(start + (span * i) / n);
    contacts.createdAt[i] = new Date(created).toISOString();
    contacts.id[i] = uuidv7({ msecs: created });
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const roll = random();
    contacts.name[i] = roll < 0.05 ? null : roll < 0.12 ? first : `${first} ${last}`;
    const emailRoll = random();
    if (emailRoll < 0.2) contacts.email[i] = null;
    else {
      const local = emailRoll < 0.5 ? `${first}.${last}` : emailRoll < 0.7 ? `${first[0]}${last}` : `${first}${last}${Math.floor(random() * 1000)}`;
      const domain = random() < 0.45 ? pick(random, FREE_MAIL) : pick(random, companies);
      contacts.email[i] = `${local.replace(/'/g, '')}@${domain}`.toLowerCase();
    }
    let phone: string;
    do {
      const exchange = 200 + Math.floor(random() * 800);
      const line = Math.floor(random() * 10_000);
      phone = `+1${pick(random, AREA_CODES)}${exchange}${String(line).padStart(4, '0')}`;
    } while (seenPhones.has(phone));
    seenPhones.add(phone);
    contacts.phone[i] = phone;
  }

  // Pick the opted-out contacts, each opting out some time after it was created.
  const optedOut = new Uint8Array(n);
  const chosen: { contact: number; at: number }[] = [];
  while (chosen.length < options.optOuts) {
    const index = Math.floor(random() * n);
    if (optedOut[index]) continue;
    optedOut[index] = 1;
    const created = Date.parse(contacts.createdAt[index]!);
    chosen.push({ contact: index, at: Math.floor(created + random() * (options.now - DAY - created)) });
  }
  chosen.sort((a, b) => a.at - b.at);

  const k = chosen.length;
  const optOuts: Dataset['optOuts'] = {
    contact: new Int32Array(k),
    changedAt: new Array(k),
    source: new Array(k),
    keyword: new Array(k),
    reason: new Array(k),
    eventId: new Array(k),
    seq: new Int32Array(k),
    prevHash: new Array(k),
    hash: new Array(k),
  };
  let seq = options.headSeq;
  let prevHash = options.headHash;
  for (let j = 0; j < k; j += 1) {
    const { contact, at } = chosen[j]!;
    const roll = random();
    let source: ConsentSource;
    let keyword: string | null = null;
    let reason: string;
    let rule: string | null = null;
    if (roll < 0.8) {
      source = 'keyword';
      keyword = roll < 0.6 ? 'STOP' : pick(random, ['UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'STOPALL']);
      reason = `Replied "${keyword === 'STOP' && random() < 0.3 ? 'Stop' : keyword}"`;
    } else if (roll < 0.88) {
      source = 'phrase';
      rule = 'en.stop_texting';
      reason = `Replied "${pick(random, ['please stop texting me', 'remove me from your list', 'wrong number', 'do not contact me'])}"`;
    } else if (roll < 0.93) {
      source = 'manual';
      reason = 'Asked on a call not to be contacted';
    } else if (roll < 0.98) {
      source = 'import';
      reason = 'Imported opt-out list';
    } else {
      source = 'provider';
      rule = 'provider.21610';
      reason = 'The provider reported the recipient unsubscribed (code 21610).';
    }
    seq += 1;
    const createdAt = new Date(at).toISOString();
    const id = uuidv7({ msecs: at });
    const facts = {
      id,
      organizationId: options.organizationId,
      seq,
      type: 'opted_out' as const,
      phone: contacts.phone[contact]!,
      source,
      keyword,
      rule,
      reason,
      note: null,
      attestation: null,
      actorUserId: null,
      messageId: null,
      createdAt,
      // Bulk-loaded as events from before channels were recorded (v1 hashes).
      channel: null,
      prevHash,
    };
    const hash = hashConsentEvent(facts);
    optOuts.contact[j] = contact;
    optOuts.changedAt[j] = createdAt;
    optOuts.source[j] = source;
    optOuts.keyword[j] = keyword;
    optOuts.reason[j] = reason;
    optOuts.eventId[j] = id;
    optOuts.seq[j] = seq;
    optOuts.prevHash[j] = prevHash;
    optOuts.hash[j] = hash;
    prevHash = hash;
  }
  return { contacts, optOuts, optedOut, headSeq: seq, headHash: prevHash };
}

/** The rule a seeded event was recorded under (kept beside the source, as the real code does). */
export function ruleOf(source: ConsentSource): string | null {
  if (source === 'phrase') return 'en.stop_texting';
  if (source === 'provider') return 'provider.21610';
  return null;
}
